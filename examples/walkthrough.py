"""Walk the Quick-start demo through the seed article's flows over HTTP, printing each step.

    python3 dev.py demo     # in one terminal; copy the Admin token and the back-office token
    .venv/bin/python examples/walkthrough.py --token dbk_... --sim-admin-token ...  # in another

Website rebuild: contact -> deposit invoice -> balance invoice -> email -> mark as paid ->
sync -> lines Paid. Support retainer: an ongoing template whose first invoice appears after
the simulator's clock moves one period.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import httpx

FIELDS = "id name paymentStatus ledger { invoiced depositInvoiced paid }"
OPPORTUNITY = f"""query($id: ID!) {{ opportunity(id: $id) {{ ... on Opportunity {{
  name account {{ xeroContactId }} products {{ {FIELDS} }}
  invoices {{ id number status portion total amountDue repeatingInvoiceId }}
  repeatingSchedules {{ repeatingInvoiceId nextScheduledDate status }} }} }} }}"""


class Demo:
    def __init__(self, base: str, token: str) -> None:
        self.http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})

    def gql(self, title: str, query: str, **variables: Any) -> dict[str, Any]:
        body = self.http.post("/graphql", json={"query": query, "variables": variables}).json()
        print(f"\n## {title}\n{json.dumps(variables) if variables else ''}")
        print(json.dumps(body.get("data") or body, indent=1)[:1500])
        if body.get("errors"):
            raise SystemExit(f"GraphQL errors: {body['errors']}")
        data: dict[str, Any] = body["data"]
        return data

    def opportunity(self, name: str) -> dict[str, Any]:
        found = self.gql(
            "Find opportunity",
            "query($s: String) { opportunities(search: $s) { nodes { id name } } }",
            s=name,
        )
        node: dict[str, Any] = found["opportunities"]["nodes"][0]
        return node

    def link_contact(self, opp_id: str) -> None:
        made = self.gql(
            "Add Contact -> New Contact",
            """mutation($i: CreateXeroContactInput!) { createXeroContact(input: $i) { __typename
               ... on XeroContactSuccess { contact { contactId name } }
               ... on ContactNameTaken { message suggestions { contactId name } } ... on UserError { message } } }""",
            i={"opportunityId": opp_id},
        )["createXeroContact"]
        if made["__typename"] == "ContactNameTaken":
            contact_id = made["suggestions"][0]["contactId"]
            self.gql(
                "Add Contact -> Link Existing (the suggested one)",
                """mutation($i: LinkXeroContactInput!) { linkXeroContact(input: $i) { __typename ... on UserError { message } } }""",
                i={"opportunityId": opp_id, "contactId": contact_id},
            )

    def send(self, opp_id: str, portion: str) -> dict[str, Any]:
        draft = self.gql(
            f"Invoice modal: {portion}",
            """query($id: ID!, $p: Portion!) { opportunity(id: $id) { ... on Opportunity {
               invoiceDraft(portion: $p) { ... on InvoiceDraft { subtotal totalTax total
               lines { productId name selected selectable reason amount } } } } } }""",
            id=opp_id, p=portion,
        )["opportunity"]["invoiceDraft"]  # fmt: skip
        ids = [line["productId"] for line in draft["lines"] if line["selected"]]
        sent = self.gql(
            f"Send {portion} invoice",
            """mutation($i: SendInvoiceInput!) { sendInvoice(input: $i) { __typename
               ... on SendInvoiceSuccess { previewMatched invoice { id number status total amountDue } }
               ... on UserError { message } } }""",
            i={"opportunityId": opp_id, "portion": portion, "productIds": ids},
        )["sendInvoice"]
        assert sent["__typename"] == "SendInvoiceSuccess", sent
        invoice: dict[str, Any] = sent["invoice"]
        return invoice

    def pay(self, invoice_id: str) -> None:
        self.gql(
            "Mark as Paid (AmountDue, default bank account)",
            """mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { __typename
               ... on RecordPaymentSuccess { invoice { number status amountDue amountPaid } }
               ... on UserError { message } } }""",
            i={"invoiceId": invoice_id, "accountCode": "090"},
        )

    def sync(self, opp_id: str) -> None:
        self.gql(
            "Actions -> Sync Invoices",
            f"""mutation($i: SyncOpportunityInvoicesInput!) {{ syncOpportunityInvoices(input: $i) {{ __typename
               ... on SyncOpportunityInvoicesSuccess {{ syncRun {{ invoicesSeen invoicesChanged linesPromoted }}
               opportunity {{ products {{ {FIELDS} }} }} }} ... on UserError {{ message }} }} }}""",
            i={"opportunityId": opp_id},
        )


def run(base: str, token: str, sim_admin_token: str) -> None:
    demo = Demo(base, token)
    website = demo.opportunity("Website rebuild")["id"]
    demo.link_contact(website)
    deposit = demo.send(website, "DEPOSIT")
    balance = demo.send(website, "BALANCE")
    demo.gql(
        "Send Invoice (email via Xero)",
        "mutation($i: EmailInvoiceInput!) { emailInvoice(input: $i) { __typename ... on UserError { message } } }",
        i={"invoiceId": balance["id"]},
    )
    demo.pay(deposit["id"])
    demo.pay(balance["id"])
    demo.sync(website)
    demo.gql("Website rebuild after sync", OPPORTUNITY, id=website)

    retainer = demo.opportunity("Support retainer")["id"]
    demo.gql(
        "Ongoing: create the Xero repeating invoice (monthly, don't auto-email)",
        """mutation($i: CreateRepeatingScheduleInput!) { createRepeatingSchedule(input: $i) { __typename
           ... on UserError { message } } }""",
        i={"opportunityId": retainer, "autoEmail": False, "reference": "Support retainer"},
    )
    back_office = {"Authorization": f"Bearer {sim_admin_token}"}
    advance = demo.http.post(
        "/xero-sim/__sim/clock/advance", json={"days": 32}, headers=back_office
    )
    clock = advance.raise_for_status().json()
    print(f"\n## Simulator clock advanced one period\n{clock}")
    demo.sync(retainer)
    demo.gql("Support retainer after the first generated invoice", OPPORTUNITY, id=retainer)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--token", required=True, help="the demo Admin token")
    parser.add_argument(
        "--sim-admin-token", required=True, help="the simulated Xero's back-office token"
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    run(args.url, args.token, args.sim_admin_token)
