"""``ictrules frameworks``: the installed plugins and the frameworks they supply."""

from __future__ import annotations

from typing import Any

from .._convert import dumps
from ..commands import Command, Invocation

__all__ = ["COMMAND", "run"]


def run(call: Invocation) -> int:
    """List plugins and frameworks."""
    engine = call.engine()
    owners = {
        framework_id: engine.compiled(framework_id).plugin for framework_id in engine.frameworks
    }
    if call.format == "json":
        data: dict[str, Any] = {
            "plugins": [{"name": n, "version": v} for n, v in engine.plugins.items()],
            "frameworks": [
                {
                    "id": framework.id,
                    "title": framework.title,
                    "version": framework.version,
                    "plugin": owners[framework.id],
                    "source": framework.source,
                    "scale": [level.value for level in framework.scale],
                    "strands": [strand.code for strand in framework.strands],
                    "facts": len(engine.facts_for(framework.id)),
                }
                for framework in engine.frameworks.values()
            ],
        }
        call.write(dumps(data))
        return 0
    lines = ["Plugins:"]
    width = max((len(name) for name in engine.plugins), default=0)
    lines += [f"  {name:<{width}}  {version}" for name, version in engine.plugins.items()]
    if not engine.plugins:
        lines.append("  (none)")
    lines += ["", "Frameworks:"]
    for framework in engine.frameworks.values():
        scale = ", ".join(str(level.value) for level in framework.scale)
        lines.append(f"  {framework.id}  {framework.title} (version {framework.version})")
        strands, facts = len(framework.strands), len(engine.facts_for(framework.id))
        lines.append(
            f"      {strands} strand{'' if strands == 1 else 's'}, {facts} "
            f"fact{'' if facts == 1 else 's'}, levels {scale} (lowest first); "
            f"from plugin {owners[framework.id]}"
        )
        if framework.source:
            lines.append(f"      source: {framework.source}")
    if not engine.frameworks:
        lines.append("  (none: install a framework plugin or load one with --plugin)")
    call.write("\n".join(lines) + "\n")
    return 0


COMMAND = Command(
    "frameworks",
    "list installed plugins and frameworks with their versions",
    "List the installed plugins and the frameworks they supply, with versions.",
    run,
    uses=("output", "plugins"),
    formats=("text", "json"),
    order=10,
)
