"""Shared analysis modules of the compendium: load and validate the data package, compute, draw.

Data flows one way: ``data/`` -> ``analysis`` -> ``book/``.
"""
from .load import (Case, check, list_cases, load_case, load_categories, load_claims, load_context_sources,
                   load_corpus, load_corpus_codebook, load_policy_timeline, load_scale, load_statistics)
from .validate import DataValidationError, Problem, validate_package

__all__ = ["Case", "check", "list_cases", "load_case", "load_categories", "load_claims", "load_context_sources",
           "load_corpus", "load_corpus_codebook", "load_policy_timeline", "load_scale", "load_statistics",
           "DataValidationError", "Problem", "validate_package"]
__version__ = "0.1.0"
