"""Codes of the standard statistics catalogue shipped by migrations 0002, 0004 and 0014 (names,
sections and forms stay editable by administrators). Code outside the tests refers to elements, rates,
category options and data sets by these names, never by a quoted code; the migrations keep their
own literal copies, as a migration must not change when this module does."""

# ---------------------------------------------------------------- data sets (report forms)
HALF_YEAR_FORM = "BC_DV_6T"
YEAR_FORM = "BC_DV_NAM"

# ---------------------------------------------------------------- dialogue with the people
DIALOGUES = "DIALOGUES"
DIALOGUE_PARTICIPANTS = "DIALOGUE_PARTICIPANTS"
RECOMMENDATIONS_RAISED = "RECOMMENDATIONS_RAISED"
RECOMMENDATIONS_RESOLVED = "RECOMMENDATIONS_RESOLVED"
DIALOGUES_BY_KIND = "DIALOGUES_BY_KIND"

# ---------------------------------------------------------------- grassroots democracy
CBCC_CONF_HELD = "CBCC_CONF_HELD"
CBCC_CONF_REQUIRED = "CBCC_CONF_REQUIRED"
NLD_CONF_HELD = "NLD_CONF_HELD"
NLD_CONF_REQUIRED = "NLD_CONF_REQUIRED"
CONVENTIONS_APPROVED = "CONVENTIONS_APPROVED"
CONVENTIONS_TOTAL = "CONVENTIONS_TOTAL"

# ---------------------------------------------------------------- cultural life
CULT_FAMILIES_REGISTERED = "CULT_FAMILIES_REGISTERED"
CULT_FAMILIES_ACHIEVED = "CULT_FAMILIES_ACHIEVED"
CULT_AREAS_ACHIEVED = "CULT_AREAS_ACHIEVED"
CULT_AREAS_TOTAL = "CULT_AREAS_TOTAL"
CULT_AGENCIES_ACHIEVED = "CULT_AGENCIES_ACHIEVED"
CULT_AGENCIES_TOTAL = "CULT_AGENCIES_TOTAL"

# ---------------------------------------------------------------- security, religion, government
SECURITY_CAMERAS = "SECURITY_CAMERAS"
RELIGIOUS_PROGRAMMES = "RELIGIOUS_PROGRAMMES"
CITIZEN_RECEPTIONS = "CITIZEN_RECEPTIONS"
COMPLAINTS_RECEIVED = "COMPLAINTS_RECEIVED"
COMPLAINTS_RESOLVED = "COMPLAINTS_RESOLVED"
COORDINATION_PLANS = "COORDINATION_PLANS"

# ---------------------------------------------------------------- the Front and social work
POOR_FUND_RAISED = "POOR_FUND_RAISED"
POOR_FUND_HOUSEHOLDS = "POOR_FUND_HOUSEHOLDS"
SOLIDARITY_HOUSES_BUILT = "SOLIDARITY_HOUSES_BUILT"
SOLIDARITY_HOUSES_REPAIRED = "SOLIDARITY_HOUSES_REPAIRED"
WELFARE_RELIEF_MONEY = "WELFARE_RELIEF_MONEY"
HOUSEHOLDS_TOTAL = "HOUSEHOLDS_TOTAL"

# ---------------------------------------------------------------- rates (indicators)
RESOLVED_RATE = "RESOLVED_RATE"
CBCC_CONF_RATE = "CBCC_CONF_RATE"
NLD_CONF_RATE = "NLD_CONF_RATE"
CONVENTIONS_RATE = "CONVENTIONS_RATE"
CULT_FAMILIES_RATE = "CULT_FAMILIES_RATE"
CULT_AREAS_RATE = "CULT_AREAS_RATE"
CULT_AGENCIES_RATE = "CULT_AGENCIES_RATE"
COMPLAINTS_RATE = "COMPLAINTS_RATE"
CULT_FAMILIES_REG_RATE = "CULT_FAMILIES_REG_RATE"

# ---------------------------------------------------------------- category combos and their options
DIALOGUE_HOST = "DIALOGUE_HOST"
PARTY = "PARTY"  # the Party committee chaired the dialogue
GOVERNMENT = "GOVERNMENT"  # the local government chaired it
DIALOGUE_KIND = "DIALOGUE_KIND"
PERIODIC = "PERIODIC"
AD_HOC = "AD_HOC"
# The categories of the same names (0014_dialogue_categories) carry these items; this combination
# crosses them (options PERIODIC_PARTY, PERIODIC_GOVERNMENT, AD_HOC_PARTY, AD_HOC_GOVERNMENT).
DIALOGUE_KIND_HOST = "DIALOGUE_KIND_HOST"
