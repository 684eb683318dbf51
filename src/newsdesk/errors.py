"""The one exception tree of newsdesk.

    NewsdeskError
    ├── ConfigError          bad settings or arguments (user mistake)
    ├── InputError           input that cannot be read or parsed
    │   ├── DecodeError      bytes that decode to nothing usable
    │   ├── ParseError       markup / feed / archive that cannot be parsed
    │   └── InputTooLarge    input over a library entry point's size bound
    ├── ExtractionError      a page that holds no article
    ├── FetchError           a fetch that failed (network, status, bounds)
    │   ├── BlockedError     refused by policy: private address, robots.txt
    │   └── TooLargeError    over the size / redirect / time bounds
    ├── StoreError           the store failed (database, migration)
    └── MissingExtraError    an optional dependency is not installed

Library errors are translated into this tree where they enter; the CLI maps
it to a one-line message and an exit code, the web layer to HTTP statuses.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""

    #: short machine-readable reason used in drop counters
    reason = "error"
    exit_code = 1


class ConfigError(NewsdeskError):
    reason = "config"
    exit_code = 2


class InputError(NewsdeskError):
    reason = "bad-input"


class DecodeError(InputError):
    reason = "decode"


class ParseError(InputError):
    reason = "parse"


class InputTooLarge(InputError):
    reason = "too-large"


class ExtractionError(NewsdeskError):
    reason = "no-article"


class FetchError(NewsdeskError):
    reason = "fetch"


class BlockedError(FetchError):
    reason = "blocked"


class TooLargeError(FetchError):
    reason = "too-large"


class StoreError(NewsdeskError):
    reason = "store"


class MissingExtraError(NewsdeskError):
    """Raised when an optional extra is needed; the message names the extra."""

    reason = "missing-extra"

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"{module} is not installed: pip install 'newsdesk[{extra}]'")
        self.module = module
        self.extra = extra
