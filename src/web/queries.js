// Every GraphQL document the page sends. Each asks for its error members' messages so the
// page can word failures as the help article does.

const PROBLEM = `
  __typename
  ... on UserError { message }`;

export const VIEWER = `
  query Viewer {
    viewer { user { name email } workspace { name } scopes }
    xeroConnection { connected tenantName reconnectRequired }
  }`;

export const OPPORTUNITIES = `
  query Opportunities($search: String) {
    opportunities(search: $search, first: 50) {
      nodes { id name currency amount account { name } }
    }
  }`;

const INVOICE_CARD = `
  fragment InvoiceCard on Invoice {
    id number status reference dueDate currency subtotal totalTax total
    amountDue amountPaid amountCredited portion raisedInXero repeatingInvoiceId
    needsAttention lastSyncedAt editableStatuses
    lines { id dealProductId description lineAmount taxAmount }
    actions { action available reason }
  }`;

const OPPORTUNITY_FIELDS = `
  ${PROBLEM}
  ... on Opportunity {
    id name currency amount
    account { id name email phone xeroContactId }
    products {
      id name quantity unitPrice lineAmount depositPercent billingPeriod paymentStatus
      ledger { invoiced depositInvoiced paid credited currency }
    }
    invoices { ...InvoiceCard }
    repeatingSchedules {
      id repeatingInvoiceId unit period startDate endDate nextScheduledDate reference
      autoEmail status
    }
  }`;

export const OPPORTUNITY = `
  query Opportunity($id: ID!) {
    opportunity(id: $id) { ${OPPORTUNITY_FIELDS} }
  }
  ${INVOICE_CARD}`;

// The same opportunity, pushed again whenever it changes (see live.js).
export const OPPORTUNITY_CHANGED = `
  subscription OpportunityChanged($id: ID!) {
    opportunityChanged(id: $id) { ${OPPORTUNITY_FIELDS} }
  }
  ${INVOICE_CARD}`;

export const INVOICE_DRAFT = `
  query InvoiceDraft($id: ID!, $portion: Portion!, $selected: [ID!]) {
    opportunity(id: $id) {
      ${PROBLEM}
      ... on Opportunity {
        invoiceDraft(portion: $portion, selectedProductIds: $selected) {
          ${PROBLEM}
          ... on InvoiceDraft {
            portion currency subtotal totalTax total dueDate accountCode taxType reference status
            lines {
              productId name description paymentStatus selected selectable reason
              quantity unitAmount amount tax
            }
          }
        }
      }
    }
  }`;

export const REFERENCE_DATA = `
  query ReferenceData {
    invoiceReferenceData {
      ${PROBLEM}
      ... on InvoiceReferenceData {
        defaultPaymentAccountCode
        paymentAccounts { id code name }
        revenueAccounts { id code name }
        taxRates { taxType name rate }
      }
    }
  }`;

export const SEND_INVOICE = `
  mutation SendInvoice($input: SendInvoiceInput!) {
    sendInvoice(input: $input) {
      ${PROBLEM}
      ... on SendInvoiceSuccess { emailed emailError invoice { id number total } }
    }
  }`;

export const CREATE_SCHEDULE = `
  mutation CreateRepeatingSchedule($input: CreateRepeatingScheduleInput!) {
    createRepeatingSchedule(input: $input) {
      ${PROBLEM}
      ... on RepeatingScheduleSuccess { schedule { id repeatingInvoiceId startDate } }
    }
  }`;

export const EMAIL_INVOICE = `
  mutation EmailInvoice($input: EmailInvoiceInput!) {
    emailInvoice(input: $input) { ${PROBLEM} ... on InvoiceSuccess { invoice { id } } }
  }`;

export const UPDATE_INVOICE = `
  mutation UpdateInvoice($input: UpdateInvoiceInput!) {
    updateInvoice(input: $input) { ${PROBLEM} ... on InvoiceSuccess { invoice { id } } }
  }`;

export const RELABEL_INVOICE = `
  mutation RelabelInvoice($input: RelabelInvoiceInput!) {
    relabelInvoice(input: $input) { ${PROBLEM} ... on InvoiceSuccess { invoice { id } } }
  }`;

export const RECORD_PAYMENT = `
  mutation RecordPayment($input: RecordPaymentInput!) {
    recordPayment(input: $input) {
      ${PROBLEM}
      ... on RecordPaymentSuccess { invoice { id status amountDue } }
    }
  }`;

export const SYNC_INVOICES = `
  mutation SyncInvoices($input: SyncOpportunityInvoicesInput!) {
    syncOpportunityInvoices(input: $input) {
      ${PROBLEM}
      ... on SyncOpportunityInvoicesSuccess { syncRun { state invoicesChanged linesPromoted error } }
    }
  }`;

export const SEARCH_CONTACTS = `
  query SearchContacts($term: String!) {
    xeroContacts(search: $term) {
      ${PROBLEM}
      ... on XeroContactSearch { contacts { contactId name email } }
    }
  }`;

export const CREATE_CONTACT = `
  mutation CreateContact($input: CreateXeroContactInput!) {
    createXeroContact(input: $input) {
      ${PROBLEM}
      ... on ContactNameTaken { suggestions { contactId name email } }
      ... on XeroContactSuccess { contact { name } }
    }
  }`;

export const LINK_CONTACT = `
  mutation LinkContact($input: LinkXeroContactInput!) {
    linkXeroContact(input: $input) { ${PROBLEM} ... on XeroContactSuccess { contact { name } } }
  }`;
