// UI text in Dutch (default) and English. Elements carry data-i18n="key".
const TEXT = {
  nl: {
    app_title: "Formcheck – oefenen voor heup en lies",
    login_title: "Inloggen",
    username: "Gebruikersnaam",
    password: "Wachtwoord",
    login: "Inloggen",
    logout: "Uitloggen",
    login_failed: "Gebruikersnaam of wachtwoord klopt niet.",
    hello: "Hallo",
    today: "Uw oefeningen van vandaag",
    prescribed_by_therapist: "Samengesteld door uw therapeut.",
    default_programme: "Het standaardprogramma van de praktijk.",
    start: "Beginnen",
    start_hint: "Tik op Beginnen. Daarna hoort u de aanwijzingen.",
    advice_title: "Wanneer maakt u beter een afspraak?",
    advice_intro: "Oefenen helpt vaak. Maak in deze gevallen eerst een afspraak bij de fysiotherapeut:",
    advice_1: "u heeft al langer dan een week pijn;",
    advice_2: "de klachten komen steeds terug;",
    advice_3: "de pijn straalt uit of u voelt tintelingen;",
    advice_4: "de klachten begonnen na een ongeluk of een val;",
    advice_5: "de klachten worden erger bij stress of lang zitten;",
    advice_6: "zelfzorg helpt niet.",
    advice_ok: "Ik heb dit gelezen",
    advice_link: "Wanneer een afspraak maken?",
    pain_before: "Hoeveel pijn heeft u nu?",
    pain_after: "Hoeveel pijn heeft u nu, na het oefenen?",
    pain_scale: "0 = geen pijn, 10 = de ergste pijn die u zich kunt voorstellen",
    camera_title: "Kies de camera",
    camera_label: "Camera",
    camera_denied: "De camera kan niet worden geopend. Geef toestemming in de browser en probeer opnieuw.",
    camera_https: "De camera werkt alleen via een beveiligde verbinding (https).",
    next: "Verder",
    setup_title: "Klaarzetten",
    check_person: "U bent in beeld",
    check_view: "De camera staat goed (van opzij)",
    check_position: "U ligt in de beginhouding",
    check_view_clamshell: "De camera staat goed (aan uw voetenkant)",
    check_position_hip_flexor_stretch: "U zit in de halfknielende beginhouding",
    setup_wait: "Wacht even, ik kijk mee…",
    setup_go: "Goed zo! We beginnen.",
    start_now: "Start oefening",
    reps: "herhalingen",
    breaths: "ademhalingen",
    phase_breathe_in: "Adem in…",
    phase_breathe_out: "Adem uit…",
    pacer_in: "Adem in",
    pacer_out: "Adem uit",
    time_of: "van {s}",
    hold_of: "van {s} s",
    dose_pace: "{a} s in, {b} s uit",
    phase_hold: "Vasthouden",
    set_of: "Set {a} van {b}",
    hold: "Vasthouden",
    rest: "Rust",
    rest_skip: "Rust overslaan",
    stop: "Klaar met deze oefening",
    mute: "Geluid uit",
    unmute: "Geluid aan",
    reconnecting: "Verbinding herstellen…",
    connection_lost: "Geen verbinding. Uw tellingen zijn bewaard.",
    resume_title: "Verder met uw oefening?",
    resume_intro: "De pagina is opnieuw geladen. Wat u al gedaan had, is bewaard.",
    resume_reps: "Set {a} van {b}: {n} van {m} herhalingen gedaan.",
    resume_time: "{a} van {b} gedaan.",
    resume_yes: "Verder gaan",
    resume_no: "Nee, terug naar het begin",
    resume_go: "Welkom terug. We gaan verder waar u was.",
    summary_title: "Goed gedaan!",
    not_judged_title: "Zet de camera anders neer",
    summary_not_judged: "Niet beoordeeld: {s}",
    summary_reps: "{n} herhalingen",
    summary_rep: "1 herhaling",
    summary_sets: "{n} sets",
    summary_set: "1 set",
    summary_holds: "{n} keer vastgehouden (langste {s} s)",
    summary_breaths: "{n} ademhalingen",
    summary_session: "{a} van {b} in de houding",
    summary_pain: "Pijn voor: {a} – na: {b}",
    done: "Terug naar begin",
    left: "links",
    right: "rechts",
    side_label: "Zijde: {s}",
    side_next: "Nu de andere kant: {s}",
    switch_side: "Deze kant is klaar. Nu de andere kant: {s}.",
    summary_sides: "{l} links, {r} rechts",
    ex_bridge: "Bruggetje",
    ex_clamshell: "Schelp (clamshell)",
    ex_hip_flexor_stretch: "Heupbuigerstretch",
    ex_breathing: "Buikademhaling",
    how_bridge: "Leg de laptop op de grond naast uw heup, ongeveer 2 meter van de mat. Lig op uw rug, knieën gebogen, voeten plat.",
    how_clamshell: "Leg de laptop aan de voetenkant van de mat, ongeveer 2 meter weg. Lig op uw zij, knieën 90 graden gebogen.",
    how_hip_flexor_stretch: "Zet de laptop naast de mat, ongeveer 2 meter weg. Kniel op één knie, andere voet voor u.",
    how_breathing: "Leg de laptop op de grond naast de mat, ongeveer 2 meter weg. Lig op uw rug, knieën gebogen, handen op uw buik.",
    hint_no_person: "Ik zie u nog niet. Ga op de mat liggen, helemaal in beeld.",
    hint_move_into_view: "Zorg dat uw hele lichaam in beeld is, van schouders tot voeten.",
    hint_come_closer: "Zet de camera wat dichterbij.",
    hint_turn_camera_side: "Zet de camera naast u, zodat hij u van opzij ziet.",
    hint_turn_camera: "Draai de camera zoals op de tekening.",
    hint_start_position: "Neem de beginhouding aan, zoals op de tekening.",
    error_frame: "Een camerabeeld kon niet worden gelezen.",
    angle: "hoek",
    patient: "Patiënt",
    programme: "Programma",
    exercise: "Oefening",
    col_reps: "Herhalingen",
    col_sets: "Sets",
    col_hold: "Vasthouden (s)",
    col_rest: "Rust (s)",
    col_side: "Kant",
    side_both: "Beide kanten",
    side_left: "Alleen links",
    side_right: "Alleen rechts",
    col_dose: "Dosering",
    col_minutes: "Sessieduur (min)",
    col_pace_in: "Inademen (s)",
    col_pace_out: "Uitademen (s)",
    col_date: "Datum",
    col_holds: "Vastgehouden",
    col_pain: "Pijn voor/na",
    col_faults: "Aandachtspunten",
    col_angle: "Hoek in de tijd",
    save_programme: "Programma opslaan",
    saved: "Opgeslagen.",
    sessions: "Sessies",
    no_patients: "U heeft nog geen patiënten.",
    language: "English",
  },
  en: {
    app_title: "Formcheck – exercises for hip and groin",
    login_title: "Log in",
    username: "Username",
    password: "Password",
    login: "Log in",
    logout: "Log out",
    login_failed: "Wrong username or password.",
    hello: "Hello",
    today: "Your exercises for today",
    prescribed_by_therapist: "Chosen by your therapist.",
    default_programme: "The clinic's standard programme.",
    start: "Start",
    start_hint: "Tap Start. You will then hear the instructions.",
    advice_title: "When should you make an appointment?",
    advice_intro: "Exercise often helps. In these cases, see the physiotherapist first:",
    advice_1: "you have had pain for more than a week;",
    advice_2: "the complaints keep coming back;",
    advice_3: "the pain radiates or comes with tingling;",
    advice_4: "the complaints started after an accident or a fall;",
    advice_5: "the complaints get worse with stress or long sitting;",
    advice_6: "self-care does not help.",
    advice_ok: "I have read this",
    advice_link: "When to make an appointment?",
    pain_before: "How much pain do you have now?",
    pain_after: "How much pain do you have now, after exercising?",
    pain_scale: "0 = no pain, 10 = the worst pain you can imagine",
    camera_title: "Choose the camera",
    camera_label: "Camera",
    camera_denied: "The camera cannot be opened. Allow it in the browser and try again.",
    camera_https: "The camera only works over a secure connection (https).",
    next: "Next",
    setup_title: "Getting ready",
    check_person: "You are in view",
    check_view: "The camera is placed right (from the side)",
    check_position: "You are in the start position",
    check_view_clamshell: "The camera is placed right (at your feet)",
    check_position_hip_flexor_stretch: "You are in the half-kneeling start position",
    setup_wait: "One moment, I am watching…",
    setup_go: "Well done! Let's begin.",
    start_now: "Start exercise",
    reps: "repetitions",
    breaths: "breaths",
    phase_breathe_in: "Breathe in…",
    phase_breathe_out: "Breathe out…",
    pacer_in: "Breathe in",
    pacer_out: "Breathe out",
    time_of: "of {s}",
    hold_of: "of {s} s",
    dose_pace: "in {a} s, out {b} s",
    phase_hold: "Hold",
    set_of: "Set {a} of {b}",
    hold: "Hold",
    rest: "Rest",
    rest_skip: "Skip rest",
    stop: "Done with this exercise",
    mute: "Sound off",
    unmute: "Sound on",
    reconnecting: "Reconnecting…",
    connection_lost: "No connection. Your counts are saved.",
    resume_title: "Carry on with your exercise?",
    resume_intro: "The page was reloaded. What you had already done is saved.",
    resume_reps: "Set {a} of {b}: {n} of {m} repetitions done.",
    resume_time: "{a} of {b} done.",
    resume_yes: "Carry on",
    resume_no: "No, back to the start",
    resume_go: "Welcome back. Let's carry on where you were.",
    summary_title: "Well done!",
    not_judged_title: "Move the camera",
    summary_not_judged: "Not judged: {s}",
    summary_reps: "{n} repetitions",
    summary_rep: "1 repetition",
    summary_sets: "{n} sets",
    summary_set: "1 set",
    summary_holds: "{n} holds (longest {s} s)",
    summary_breaths: "{n} breaths",
    summary_session: "{a} of {b} in position",
    summary_pain: "Pain before: {a} – after: {b}",
    done: "Back to start",
    left: "left",
    right: "right",
    side_label: "Side: {s}",
    side_next: "Now the other side: {s}",
    switch_side: "This side is done. Now the other side: {s}.",
    summary_sides: "{l} left, {r} right",
    ex_bridge: "Bridge",
    ex_clamshell: "Clamshell",
    ex_hip_flexor_stretch: "Hip flexor stretch",
    ex_breathing: "Belly breathing",
    how_bridge: "Put the laptop on the floor beside your hip, about 2 metres from the mat. Lie on your back, knees bent, feet flat.",
    how_clamshell: "Put the laptop at the feet end of the mat, about 2 metres away. Lie on your side, knees bent at 90 degrees.",
    how_hip_flexor_stretch: "Put the laptop beside the mat, about 2 metres away. Kneel on one knee, the other foot in front.",
    how_breathing: "Put the laptop on the floor beside the mat, about 2 metres away. Lie on your back, knees bent, hands on your belly.",
    hint_no_person: "I cannot see you yet. Lie on the mat, fully in view.",
    hint_move_into_view: "Make sure your whole body is in view, shoulders to feet.",
    hint_come_closer: "Move the camera a little closer.",
    hint_turn_camera_side: "Put the camera beside you, so it sees you from the side.",
    hint_turn_camera: "Turn the camera as in the picture.",
    hint_start_position: "Take the start position, as in the picture.",
    error_frame: "A camera image could not be read.",
    angle: "angle",
    patient: "Patient",
    programme: "Programme",
    exercise: "Exercise",
    col_reps: "Reps",
    col_sets: "Sets",
    col_hold: "Hold (s)",
    col_rest: "Rest (s)",
    col_side: "Side",
    side_both: "Both sides",
    side_left: "Left only",
    side_right: "Right only",
    col_dose: "Dose",
    col_minutes: "Session length (min)",
    col_pace_in: "Breathe in (s)",
    col_pace_out: "Breathe out (s)",
    col_date: "Date",
    col_holds: "Holds",
    col_pain: "Pain before/after",
    col_faults: "Form points",
    col_angle: "Angle over time",
    save_programme: "Save programme",
    saved: "Saved.",
    sessions: "Sessions",
    no_patients: "You have no patients yet.",
    language: "Nederlands",
  },
};

let lang = localStorage.getItem("formcheck.lang") || "nl";

export function language() {
  return lang;
}

export function setLanguage(value) {
  lang = value === "en" ? "en" : "nl";
  localStorage.setItem("formcheck.lang", lang);
  document.documentElement.lang = lang;
  applyText(document);
}

export function t(key, params = {}) {
  let text = TEXT[lang][key] ?? TEXT.nl[key] ?? key;
  for (const [name, value] of Object.entries(params)) {
    text = text.replace(`{${name}}`, String(value));
  }
  return text;
}

export function has(key) {
  return key in TEXT[lang];
}

// An exercise's name in the current language (the registry name if there is none).
export function exName(name) {
  return has(`ex_${name}`) ? t(`ex_${name}`) : name;
}

// Per-exercise wording under `root`: an element with data-i18n="check_view" reads
// "check_view_clamshell" when there is one (the clamshell's camera is at the feet).
export function textFor(root, exercise) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.dataset.i18nBase ??= el.dataset.i18n;
    const own = `${el.dataset.i18nBase}_${exercise}`;
    el.dataset.i18n = has(own) ? own : el.dataset.i18nBase;
  }
  applyText(root);
}

export function applyText(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n);
  }
}

// A prescription in a few words: "3 × 12 · 5 s", or "5 min · 4 s in, 6 s out".
export function doseText(p, timed) {
  if (timed) {
    const pace = p.pace_in_s ? ` · ${t("dose_pace", { a: p.pace_in_s, b: p.pace_out_s })}` : "";
    return `${Math.round((p.duration_s / 60) * 10) / 10} min${pace}`;
  }
  const hold = p.hold_s > 0 ? ` · ${p.hold_s} s` : "";
  return `${p.sets} × ${p.reps}${hold}`;
}
