"""GraphQL subscriptions over WebSocket (graphql-transport-ws): live opportunity screens."""
