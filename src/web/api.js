// The one way the page reaches the server: POST /graphql with the bearer token.

const TOKEN_KEY = "dealbooks.token";
export const FAILED_PAYMENT = "Failed to record payment.";
// The help article's troubleshooting line for a missing Send Invoice.
export const TROUBLESHOOTING =
  "Either Xero isn't connected (an Admin can connect it), " +
  "or your role lacks invoices:write (an Admin can change your role).";

export class ApiError extends Error {
  constructor(message, { status = 200, problem = null } = {}) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function signIn(secret) {
  localStorage.setItem(TOKEN_KEY, secret.trim());
}

export function signOut() {
  localStorage.removeItem(TOKEN_KEY);
}

// Signing in goes through the form only: a crafted `?token=` link must neither sign anyone in
// nor swap a signed-in user's session. Such a link is ignored, and its secret is dropped from
// the address bar (and so from history and shared screenshots).
export function dropTokenFromUrl() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("token")) return;
  url.searchParams.delete("token");
  window.history.replaceState(null, "", url);
}

export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token() || ""}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    throw new ApiError(body.errors?.[0]?.message || "Sign in with an API token.", { status: 401 });
  }
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join(" "));
  if (!response.ok) throw new ApiError(`The server answered ${response.status}.`);
  return body.data;
}

// A mutation's payload: its success member, or an ApiError worded as the help article words it.
export async function mutate(query, variables, name, { payment = false } = {}) {
  const payload = (await gql(query, variables))[name];
  if (payload && "message" in payload) {
    throw new ApiError(problemText(payload, { payment }), { problem: payload });
  }
  return payload;
}

export function problemText(problem, { payment = false } = {}) {
  switch (problem.__typename) {
    case "XeroNotConnected":
    case "PermissionDenied":
      return `${TROUBLESHOOTING} (${problem.message})`;
    case "XeroRejected":
      return problem.message || (payment ? FAILED_PAYMENT : "Xero rejected the request.");
    case "XeroUnavailable":
      return payment ? FAILED_PAYMENT : problem.message;
    default:
      return problem.message;
  }
}
