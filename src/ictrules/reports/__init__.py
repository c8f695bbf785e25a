"""Reports people read: HTML, Markdown, CSV and plain text, for one school or many.

* :mod:`ictrules.reports.html`: one self-contained page (inline CSS and SVG, no network) that
  prints on A4; :func:`~ictrules.reports.html.assessment_html` for one school and
  :func:`~ictrules.reports.html.summary_html` for many.
* :mod:`ictrules.reports.markdown`: the same content in Markdown.
* :mod:`ictrules.reports.csv`: one row per strand for a school, one row per school for many.
* :mod:`ictrules.reports.text`: the many-schools table for a terminal (one school's text report
  is :func:`ictrules.render_text`).
* :mod:`ictrules.reports.charts`: the inline SVG charts.

Every renderer is a pure function of its inputs: the same assessment gives the same bytes, with
no timestamp other than the assessment's ``as_of``. A :class:`Glossary` adds what an assessment
does not carry (section titles, each fact's question) when an engine is at hand.
"""

from ._glossary import Glossary, priorities

__all__ = ["Glossary", "priorities"]
