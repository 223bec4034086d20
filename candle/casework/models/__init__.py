"""Casework's records. Every model here is personal data: staff only, never public, cached,
indexed by site search or in the API. Reach a record only through ``candle.casework.access``."""

from .cases import Case, CaseAccessGrant, CaseDocument, CaseNote  # noqa: F401
from .dossiers import Dossier, DossierEvent, DossierReminder, FamilyConsent  # noqa: F401
from .figures import FigureSettings, FigureSnapshot  # noqa: F401, I001
from .rescue import ReliefGiven, RescueCost, RescueStage  # noqa: F401, I001
from .testimonies import (  # noqa: F401
    Act,
    DetentionPlace,
    Event,
    Intervention,
    PerpetratorUnit,
    ResearcherExport,
    Source,
    Testimony,
    Victim,
    ViolationType,
)
