"""The web kit every app shares: menu registry, form error plumbing, change history, Vietnamese
number fields, uploads, exports, files kept across a form error and request helpers.

It sits below the apps: it imports Django and ``lib`` only (contract ``webkit-below-apps`` in
``.importlinter``), so orgunits and accounts can use it without an import circle. Project wiring
(settings, URLs, demo, commands, template tags) stays in ``danvan``."""
