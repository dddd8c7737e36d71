// A sign-in link, /signin#<token>: the token stays in the fragment (no request or log
// carries it). The page asks what the link would do, in the patient's own language, and
// spends it on the patient's tap: a link previewer that only loads the page spends none.
import { api, ApiError } from "./api.js";
import { setLanguage, t } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);
let shown = "ok"; // the link's state on screen

// The link's token when the page was opened from one, else null.
export function linkToken() {
  if (location.pathname !== "/signin") return null;
  return location.hash.slice(1) || null;
}

// Shows the sign-in screen; `onUser(user)` once the link has logged the patient in,
// `onLogin()` when the patient goes to the password login instead.
export async function showSignin(token, show, { onUser, onLogin }) {
  const found = await api("POST", "/api/signin/check", { token });
  if (found.language) setLanguage(found.language);
  render(found.state);
  show("signin");
  $("#btn-signin").onclick = async () => {
    try {
      const res = await api("POST", "/api/signin", { token });
      history.replaceState(null, "", "/"); // the spent token leaves the address bar
      onUser(res.user);
    } catch (err) {
      if (!(err instanceof ApiError) || !err.body?.link_state) throw err;
      render(err.body.link_state); // spent on another device a moment ago
    }
  };
  $("#btn-signin-login").onclick = () => {
    history.replaceState(null, "", "/");
    onLogin();
  };
}

// The screen again in the page's (new) language.
export function renderSignin() {
  render(shown);
}

function render(state) {
  shown = state;
  const ok = state === "ok";
  $("#signin-text").textContent = t(ok ? "signin_intro" : `signin_${state}`);
  $("#signin-text").className = ok ? "" : "error";
  $("#btn-signin").hidden = !ok;
  $("#btn-signin-login").hidden = ok;
}
