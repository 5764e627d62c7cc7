"""The action core: what every person-facing action (a signature, an organizer intake, a
follow, a records request; a public comment or an RSVP next) goes through, whatever its door.

- ``identity``: the one email check, canonical address, blind index and domain.
- ``checks``: the integrity assessment (honeypot, rate limits, disposable domains, ALTCHA),
  with the checks each door gets (``Door``).
- ``kinds``: the registry of action kinds, through which manage-my-data export and erasure,
  the retention rules and the "what we hold" counts reach every kind.

See docs/architecture.md for how a kind is added.
"""
