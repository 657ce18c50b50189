"""Filling templates: the strict jinja engine, templates prepared once, the process pool,
and the contract a template must keep with its kind.

Imports only the core modules; a kind is seen through :class:`KindVars`.
"""

from .contract import KindVars, fit, template_problems
from .engine import BUILTIN, builtin_template, make_env, render, template_errors, template_path
from .pictures import placeholders
from .pool import Job, Rendered, render_all
from .prepared import DocxtplTemplate, PreparedTemplate, prepare

__all__ = [
    "BUILTIN",
    "DocxtplTemplate",
    "Job",
    "KindVars",
    "PreparedTemplate",
    "Rendered",
    "builtin_template",
    "fit",
    "make_env",
    "placeholders",
    "prepare",
    "render",
    "render_all",
    "template_errors",
    "template_path",
    "template_problems",
]
