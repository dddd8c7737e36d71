// The end-of-workout summary: per exercise what was done (reps, the progress: sets per
// side and the set under way, or belly breathing's time in position; holds that reached
// the prescribed seconds, breaths), as the server's session summaries count and word
// them (nothing is recounted here); an exercise the camera's view could not judge says
// so, with what to change.
import { exName, held, language, t } from "./i18n.js";
import { timed } from "./specs.js";

// Shows the summary in `list`; returns what to say: per exercise its line, as shown.
export function renderSummary(list, results) {
  list.replaceChildren();
  const said = [];
  for (const s of results) {
    const li = document.createElement("li");
    const parts = [];
    const one = (n, key) => (n === 1 ? t(key) : t(`${key}s`, { n })); // "1 herhaling"
    // A stretch's reps are its holds: said once, as holds, never as "1 herhaling".
    const holdsOnly = s.progress?.kind === "holds";
    if (!timed(s.exercise) && !holdsOnly && (s.reps > 0 || s.holds === 0)) parts.push(one(s.reps, "summary_rep"));
    // Sets per side and the set under way, or breathing's time: the server's words.
    parts.push(s.progress_texts[language()]);
    if (s.holds > 0 && !timed(s.exercise)) {
      // Holds that reached the prescribed seconds (the server's count), and the longest
      // to the tenth below, as every screen and report shows a time held (i18n.held):
      // a 1.6 s hold is not shown as "2 s", nor 4.96 s as "5,0".
      const longest = { n: s.holds_completed, t: s.prescription.hold_s, s: held(s.longest_hold_s) };
      // None reached: "nog geen 5 s vastgehouden", never "0 keer 5 s vastgehouden".
      if (s.holds_completed === 0) parts.push(t("summary_holds_none", longest));
      else parts.push(s.holds_completed === 1 ? t("summary_hold", longest) : t("summary_holds", longest));
    }
    if (s.breaths > 0) parts.push(t("summary_breaths", { n: s.breaths }));
    li.innerHTML = "<strong></strong>: <span></span>";
    li.querySelector("strong").textContent = exName(s.exercise);
    li.querySelector("span").textContent = parts.join(" · ");
    // Nothing counted because the view could not be judged: what to change is what to
    // say (below), not "0 herhalingen, 0 van 3 sets klaar".
    const nothing = s.reps === 0 && s.holds === 0 && !(s.breaths > 0);
    if (!(s.not_judged && nothing)) said.push(`${exName(s.exercise)}: ${parts.join(", ")}.`);
    if (s.not_judged) {
      const nj = document.createElement("span");
      nj.className = "not-judged-line";
      nj.textContent = t("summary_not_judged", { s: s.not_judged.texts[language()] ?? s.not_judged.message });
      li.append(nj);
    }
    list.append(li);
  }
  return said;
}
