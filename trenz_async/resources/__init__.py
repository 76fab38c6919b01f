"""Resource namespaces, one module per API group."""
