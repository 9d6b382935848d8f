"""Operating the service: structured logs, Prometheus metrics, health checks, request limits.

Infrastructure beside the GraphQL layer and the adapters; the composition root wires it in,
and neither the domain nor the application layer knows it exists.
"""
