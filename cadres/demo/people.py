"""Demo data: see `cadres.demo`."""


def seed(ctx) -> None:
    return None
