"""The commands beside `audit` that run one analyzer on paths (`unveil scan`, `unveil license`).

They sit at the top with the CLI: each opens its inputs through the source layer, runs its analyzer
and renders the result, so the analyzers themselves never import a source or a renderer.
"""
