"""Front door: the ``newsdesk`` command. Wiring only; no logic lives here."""
