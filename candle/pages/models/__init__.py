"""The public site's page types, one module each."""

from .base import BasePage
from .board import BoardListing, BoardPage, PostAttachment, PostComment, PostMediaLink, PostPage
from .home import HomePage
from .reports import ReportIndexPage, ReportPage
from .settings import BankAccount, OrganisationSettings
from .standard import StandardPage
from .taxonomy import Category, ReportTopic, WorkArea
from .work_area import WorkAreaPage

__all__ = [
    "BankAccount",
    "BasePage",
    "BoardListing",
    "BoardPage",
    "Category",
    "HomePage",
    "OrganisationSettings",
    "PostAttachment",
    "PostComment",
    "PostMediaLink",
    "PostPage",
    "ReportIndexPage",
    "ReportPage",
    "ReportTopic",
    "StandardPage",
    "WorkArea",
    "WorkAreaPage",
]
