"""Word lists the extractor's rules consult. Data only."""

from __future__ import annotations


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`."""
    return frozenset(text.split())


# Verbs that open an imperative task ("Implement ...", "Add ...").
IMPERATIVE_VERBS = wordset(
    """
    accelerate acquire add adjust adopt align allow alert allocate analyse analyze announce apply archive ask
    assess assign audit automate avoid backfill backport backup block boost build bump cache
    calibrate cap change check clarify clean cleanup clear codify collect communicate complete
    configure confirm consider consolidate contact continue convert coordinate copy correct create
    conduct cut debug decide decommission dedupe define delete deliver deploy deprecate design detect
    determine develop disable discuss document double drop educate eliminate enable encourage
    enforce engage enhance ensure escalate establish estimate evaluate examine expand expose extend
    facilitate file finalize finalise find fix flag follow force formalize formalise foster freeze
    gate gather generate get give grant guard handle harden hire hold host identify implement improve include
    invest
    increase incorporate inform install instrument integrate introduce investigate isolate keep
    label land launch learn limit link lock log look lower maintain make manage map mark measure merge
    migrate mitigate modify monitor move notify obtain offer onboard open optimize optimise organize
    organise page partner patch perform pin plan populate prepare prevent prioritize prioritise
    produce profile prohibit promote propagate protect prototype provide provision publish pull
    purge push put raise rate-limit re-enable re-evaluate reach rebuild reconfigure record reduce
    refactor refine refresh reinforce release remove rename reorganize repair replace report
    request require reschedule reset resize resolve restart restore restrict restructure retire
    retry revert review revise revisit rework rewrite roll rollout rotate run sanitize scale
    schedule scope secure send separate set setup share ship shorten simplify socialize sort specify
    split stabilize stabilise standardize standardise start stop streamline strengthen study submit
    support switch sync tag teach test tighten track train transition triage tune turn unify update
    upgrade use validate verify version watch whitelist allowlist widen work write
    adapt assess attach benchmark brainstorm bring broaden calculate capture categorize centralize
    circulate collaborate commit compare compile connect contribute customize deduplicate delegate demo
    demonstrate describe diagnose distribute draft drive dry-run elevate email embed emit emphasize encrypt
    exercise explain explore export fetch fill fine-tune forward help highlight import index inspect
    invalidate iterate join kill leverage lint list load mandate mock modernize mute nominate observe
    outline own parallelize parse pause persist pick pilot poll port practice practise pre-warm preload
    present preserve proceed prove prune quantify query queue re-run reassess rebalance reboot recheck
    reconcile recover recruit redeploy redesign redirect redo reevaluate regenerate reindex reinstate
    remediate remind reorder repeat replicate reproduce rerun research reserve respond resume retain
    retest rethink retrain reuse revalidate revoke rollback route save scan script search seek select
    serve shard shut simulate skip slow snapshot solicit spin subscribe summarize supply suppress survey
    swap sweep synchronize take talk tell throttle tidy timebox transfer trigger try tweak unblock
    uninstall unpin upload utilize visualize warn wire wrap read double-check sign
    """
)

# First words that never open a task sentence (determiners, pronouns, connectives, discourse words).
NON_TASK_OPENERS = wordset(
    """
    a an the this that these those it its it's there here we we're we've our us i i'm my me you your
    they their them he she his her who which what when where why how if while although though because
    since as so but and or nor yet also however therefore thus hence overall finally lastly firstly
    secondly now then moving by in on at from with without for to of into during after before until
    thanks thank thankfully luckily unfortunately fortunately sadly happily oops hey hi hello ok okay
    yes no not none n/a tbd nothing everything anything all each every both either neither
    many most some several few one two three conclusion summary note notes
    was were wasn't weren't had hadn't did didn't couldn't whether
    today tomorrow yesterday tonight currently recently lately earlier initially previously meanwhile afterwards
    together altogether collectively
    """
)

# Words that make a sentence a past-tense report when they follow a past-tense first word.
PAST_FOLLOWERS = wordset(
    """
    the a an our their its this that these those all some each every back up down out off over it
    them additional new extra more several two three multiple another to in on with
    """
)

# Irregular past forms that open reports of finished work.
IRREGULAR_PAST = wordset("built made ran set put took found wrote rewrote brought began sent spent got gave kept moved")

# Label words that are annotations, not categories.
ANNOTATION_LABELS = wordset(
    """
    owner owners assignee assignees assigned due deadline eta target status priority prio note notes
    nb ps update edit edited context why example e.g i.e see cc ticket bug issue pr link links ref
    refs reference url todo action ai fixme xxx estimate effort severity type
    """
)

# Words in a "[name]" bracket that are not owners.
NOT_OWNER_WORDS = wordset(
    """
    issue issues wip done todo draft blocked optional pr bug link ticket fixed closed open pending
    planned duplicate obsolete new update updated note info p0 p1 p2 p3 p4 high medium low critical
    urgent minor major x
    """
)

# Subjects of "X will ..." that are not owners: one phrase a line, matched whole and lower-cased.
NOT_OWNER_SUBJECTS = frozenset(
    line.strip()
    for line in """
    the
    a
    an
    our
    my
    your
    their
    his
    her
    its
    each
    every
    any
    some
    all
    both
    another
    other
    no
    we
    i
    you
    they
    it
    this
    that
    these
    those
    there
    he
    she
    one
    someone
    everyone
    everybody
    nobody
    somebody
    team
    the team
    our team
    a team
    my team
    your team
    their team
    this team
    that team
    each team
    every team
    any team
    some team
    one team
    other team
    another team
    whole team
    entire team
    same team
    relevant team
    responsible team
    owning team
    appropriate team
    respective team
    affected team
    engineering
    management
    users
    customers
    """.splitlines()
    if line.strip()
)
