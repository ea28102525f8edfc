"""The screening service. Its domain's hot path runs compiled where it has been built
(`screening.compiled`), before anything of it is imported."""

from screening.compiled import use_compiled_domain

use_compiled_domain()
