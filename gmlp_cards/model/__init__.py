"""The card model: typed, strict, self-checking sections of a model card."""

from gmlp_cards.model.base import (
    CardModel,
    Severity,
    Status,
    SubgroupDimension,
    semver_key,
)
from gmlp_cards.model.card import SCHEMA_VERSION, ModelCard
from gmlp_cards.model.data import DataSection, Dataset, Distribution, SplitUnit
from gmlp_cards.model.identity import Identity, Manufacturer, RegulatoryStatus
from gmlp_cards.model.metrics import (
    AnyMetric,
    EstimateMetric,
    Explanation,
    MeanSDMetric,
    Metric,
    SingleMetric,
    Source,
)
from gmlp_cards.model.monitoring import ChangeNotice, ChangeType, Monitoring, Snapshot
from gmlp_cards.model.not_stated import NotStated
from gmlp_cards.model.patient import PatientInformation, PatientText
from gmlp_cards.model.performance import Endpoint, Performance, Study, UnitOfAnalysis
from gmlp_cards.model.results import Confusion, ResultRow, SubgroupResult, check_against_counts
from gmlp_cards.model.risks import Risk, Risks
from gmlp_cards.model.usage import Automation, DecisionRole, Inputs, IntendedUse, Outputs
from gmlp_cards.model.vocabulary import Analysis, MetricName, Scale, Sides

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "AnyMetric",
    "Automation",
    "CardModel",
    "ChangeNotice",
    "ChangeType",
    "Confusion",
    "DataSection",
    "Dataset",
    "DecisionRole",
    "Distribution",
    "Endpoint",
    "EstimateMetric",
    "Explanation",
    "Identity",
    "Inputs",
    "IntendedUse",
    "Manufacturer",
    "MeanSDMetric",
    "Metric",
    "MetricName",
    "ModelCard",
    "Monitoring",
    "NotStated",
    "Outputs",
    "PatientInformation",
    "PatientText",
    "Performance",
    "RegulatoryStatus",
    "ResultRow",
    "Risk",
    "Risks",
    "Scale",
    "Severity",
    "Sides",
    "SingleMetric",
    "Snapshot",
    "Source",
    "SplitUnit",
    "Status",
    "Study",
    "SubgroupDimension",
    "SubgroupResult",
    "UnitOfAnalysis",
    "check_against_counts",
    "semver_key",
]
