// Who is signed in and what the workspace can do: decides which actions the page offers.

export const session = {
  scopes: new Set(),
  xeroConnected: false,

  load({ viewer, xeroConnection }) {
    this.scopes = new Set(viewer.scopes);
    this.xeroConnected = Boolean(xeroConnection?.connected && !xeroConnection.reconnectRequired);
  },

  canWriteInvoices() {
    return this.scopes.has("invoices:write");
  },

  // The help article's condition for Actions → Send Invoice.
  canSendInvoices() {
    return this.xeroConnected && this.canWriteInvoices();
  },
};
