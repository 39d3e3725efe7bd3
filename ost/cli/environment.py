"""Options an ``OST_*`` variable sets: a bad value from the environment is blamed on the
variable, never on an option the user did not type."""

from __future__ import annotations

from typing import Any

import click
from click.core import ParameterSource

from ost.errors import from_environment


class EnvOption(click.Option):
    """An option with an ``envvar``: its value's errors name the variable when the value came
    from it ("Invalid value for OST_NAMES (from the environment): …"), exit 2 as any."""

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        try:
            return super().process_value(ctx, value)
        except click.BadParameter as e:
            if self.name and ctx.get_parameter_source(self.name) is ParameterSource.ENVIRONMENT:
                e.param_hint = from_environment(str(self.envvar))
            raise


def env_option(*decls: str, envvar: str, **attrs: Any) -> Any:
    """``click.option`` for an option an environment variable sets (see ``EnvOption``)."""
    return click.option(*decls, cls=EnvOption, envvar=envvar, **attrs)
