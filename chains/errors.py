"""Named domain errors. The CLI and the app turn each into one clear sentence.

>>> str(InputError("deals.csv", 26, "stage", "unknown stage 'foo'"))
"deals.csv, row 26, column 'stage': unknown stage 'foo'"
"""


class ChainMatchError(Exception):
    """Base class of every error a user may see as a sentence."""


class ChainTemplateError(ChainMatchError):
    """A chain or region data file is malformed."""


class UnknownChainError(ChainMatchError):
    """A chain name that matches no id, Chinese name or alias."""


class UnknownRegionError(ChainMatchError):
    """A region name that matches no region in the store."""


class InputError(ChainMatchError):
    """One bad cell (or row, or file) of an imported file."""

    def __init__(self, file, row=None, column=None, reason=""):
        self.file, self.row, self.column, self.reason = file, row, column, reason
        parts = [str(file)]
        if row is not None:
            parts.append(f"row {row}")
        if column:
            parts.append(f"column '{column}'")
        super().__init__(", ".join(parts) + f": {reason}")


class SchemaError(ChainMatchError):
    """An import with one or more bad rows; carries every InputError."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = "; ".join(str(p) for p in self.problems[:20])
        more = f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        n = len(self.problems)
        super().__init__(f"{n} problem{'s' if n > 1 else ''} found, nothing was imported: {shown}{more}")


class UntrustedModelError(ChainMatchError):
    """A model file whose checksum or content is not what the registry recorded."""


class StaleModelError(ChainMatchError):
    """A model trained on an older set of features than this version of the product computes."""


class NoDataError(ChainMatchError):
    """An action that needs data (deals, a model) the store does not hold."""


class PermissionDenied(ChainMatchError):
    """A user whose role may not do this action."""
