"""The cadres part of `seed_demo`: the source's posts, research staff, joint documents and
area meetings (`cadres.demo.people`), then the secondment rounds (`cadres.demo.secondments`)."""

from cadres.demo import people, secondments


def seed(ctx) -> None:
    people.seed(ctx)
    secondments.seed(ctx)
