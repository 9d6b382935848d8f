// Add Contact: create the Xero contact from the opportunity's account, or link an existing one.

import { gql, mutate, problemText } from "./api.js";
import { h, modal } from "./dom.js";
import { dialogError, notify } from "./notice.js";
import { CREATE_CONTACT, LINK_CONTACT, SEARCH_CONTACTS } from "./queries.js";

export function openContactDialog(opp, reload) {
  const results = h("ul", { class: "contact-results", testid: "contact-results" });
  const done = async (name) => {
    dialog.close();
    notify(`Xero contact ${name} linked to ${opp.account.name}.`);
    await reload();
  };
  const dialog = modal("Add Contact", "contact-dialog",
    h("p", { class: "error", role: "alert", testid: "dialog-error", hidden: true }),
    newContact(opp, results, done),
    linkExisting(opp, results, done));
}

function newContact(opp, results, done) {
  const { account } = opp;
  const button = h("button", { type: "button", class: "primary", testid: "new-contact" }, "New Contact");
  button.addEventListener("click", async () => {
    const dialog = button.closest("dialog");
    button.disabled = true;
    try {
      const created = await mutate(CREATE_CONTACT, { input: { opportunityId: opp.id } }, "createXeroContact");
      await done(created.contact.name);
    } catch (err) {
      dialogError(dialog, err);
      const suggestions = err.problem?.suggestions ?? [];
      if (suggestions.length) showResults(opp, results, suggestions, done);
      button.disabled = false;
    }
  });
  return h("section", { "aria-labelledby": "new-contact-title" },
    h("h3", { id: "new-contact-title" }, "New Contact"),
    h("p", {}, `Creates a contact in Xero from the account ${account.name}`,
      account.email ? ` (${account.email})` : "", "."),
    button);
}

function linkExisting(opp, results, done) {
  const term = h("input", { type: "search", id: "contact-search", required: true, testid: "contact-search",
    value: opp.account.name });
  const form = h("form", { class: "inline" }, term,
    h("button", { type: "submit", testid: "search-contacts" }, "Search Xero"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const dialog = form.closest("dialog");
    try {
      const found = (await gql(SEARCH_CONTACTS, { term: term.value })).xeroContacts;
      if ("message" in found) throw new Error(problemText(found));
      showResults(opp, results, found.contacts, done);
      dialogError(dialog, null);
    } catch (err) {
      dialogError(dialog, err);
    }
  });
  return h("section", { "aria-labelledby": "link-contact-title" },
    h("h3", { id: "link-contact-title" }, "Link Existing"),
    h("label", { for: "contact-search" }, "Name or email"), form, results);
}

function showResults(opp, results, contacts, done) {
  results.replaceChildren(...(contacts.length ? contacts.map((c) => h("li", {},
    h("span", {}, c.name, c.email ? h("small", { class: "hint" }, ` ${c.email}`) : null),
    h("button", { type: "button", testid: "link-contact", onclick: async (event) => {
      try {
        await mutate(LINK_CONTACT, { input: { opportunityId: opp.id, contactId: c.contactId } }, "linkXeroContact");
        await done(c.name);
      } catch (err) {
        dialogError(event.target.closest("dialog"), err);
      }
    } }, "Link"))) : [h("li", { class: "empty" }, "No Xero contacts match.")]));
}
