// Entry point: sign in with a token (the form, never a link), list opportunities, open one from the address (#/o/<id>).

import { dropTokenFromUrl, gql, signIn, signOut, token } from "./api.js";
import { notifyError } from "./notice.js";
import { listOpportunities } from "./opportunity_list.js";
import { showOpportunity } from "./opportunity_view.js";
import { VIEWER } from "./queries.js";
import { session } from "./session.js";

const $ = (id) => document.getElementById(id);

function showLogin(message) {
  $("main").hidden = true;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("login-error").hidden = !message;
  $("token-input").focus();
}

async function start() {
  dropTokenFromUrl();
  if (!token()) return showLogin();
  let viewer;
  try {
    viewer = await gql(VIEWER);
  } catch (err) {
    return err.status === 401 ? showLogin(err.message) : notifyError(err);
  }
  session.load(viewer);
  $("login").hidden = true;
  $("main").hidden = false;
  $("sign-out").hidden = false;
  const { user, workspace } = viewer.viewer;
  $("who").textContent = `${user?.name ?? "API token"} · ${workspace?.name ?? ""}`;
  await listOpportunities($("opportunity-list"), $("search"));
  route();
}

function route() {
  const match = window.location.hash.match(/^#\/o\/(.+)$/);
  if (match) showOpportunity($("opportunity"), decodeURIComponent(match[1]));
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  signIn($("token-input").value);
  $("token-input").value = "";
  start();
});
$("sign-out").addEventListener("click", () => {
  signOut();
  showLogin();
});
window.addEventListener("hashchange", route);
start();
