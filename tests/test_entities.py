"""Entities on real text: the seed page and sentences from PolNeAR train texts."""
import pytest

from quotewire.nlp import canonical as canon
from quotewire.nlp.entities import RULER_NAME, configure_pipeline, find_entities
from quotewire.nlp.pipeline import parse
from quotewire.nlp.roles import match_description
from quotewire.record import Record

SEED_TITLE = "Ukraine could request Western military intervention – MP"
SEED_STANDFIRST = ("Kiev may ask for help if it becomes clear that the country is not able to stop Russia on its own, "
                   "Aleksey Goncharenko says")


def _record(paragraphs, title=None, standfirst=None):
    rec = Record()
    rec.article.title = title
    rec.article.standfirst = standfirst
    rec.article.set_paragraphs(paragraphs)
    return rec


def _entities(nlp, paragraphs, title=None, standfirst=None):
    rec = _record(paragraphs, title, standfirst)
    return rec, find_entities(next(parse([rec], nlp)))


def _by_name(ents):
    return {e.name: e for e in ents}


@pytest.fixture(scope="module")
def seed(nlp, seed_text_path):
    lines = seed_text_path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Kiev could request"))
    return _entities(nlp, lines[start:], SEED_TITLE, SEED_STANDFIRST)


def test_ruler_sits_before_ner_and_is_added_once(nlp):
    names = nlp.pipe_names
    assert names.index(RULER_NAME) < names.index("ner")
    configure_pipeline(nlp)
    assert nlp.pipe_names.count(RULER_NAME) == 1


def test_seed_people_orgs_places_match_gold(seed, seed_gold):
    _, ents = seed
    gold = {(e["type"], canon.fold(e["canonical"])) for e in seed_gold["entities"]}
    got = {(e.type, canon.fold(e.canonical)) for e in ents if e.type in ("PERSON", "ORG", "GPE")}
    assert got == gold


def test_seed_canonical_names_as_the_scorer_counts_them(seed, seed_gold):
    _, ents = seed
    ok = total = 0
    for ge in seed_gold["entities"]:
        if "variants" not in ge:
            continue
        total += 1
        surname = canon.fold(ge["mention"]).split()[-1]
        hit = next(e for e in ents if any(canon.fold(n).split()[-1] == surname for n in [e.name] + [m.text for m in e.mentions]))
        ok += canon.fold(hit.canonical) == canon.fold(ge["canonical"])
    assert (ok, total) == (7, 7)


def test_ruler_fixes_the_small_models_places(seed):
    _, ents = seed
    by = _by_name(ents)
    assert by["Kiev"].type == "GPE" and by["Kiev"].canonical == "Kyiv"
    assert by["Kharkov"].type == "GPE" and by["Kharkov"].canonical == "Kharkiv"
    assert by["Slovakia"].type == "GPE"
    assert by["Odessa"].type == "GPE" and by["Donbass"].type == "GPE"


def test_seed_roles_of_every_shape(seed):
    _, ents = seed
    roles = {e.name: e.roles for e in ents if e.type in ("PERSON", "ORG")}
    assert roles["David Cameron"] == ["UK Foreign Secretary"]
    assert roles["Dmitry Peskov"] == ["Kremlin spokesman"]
    assert roles["Robert Fico"] == ["Slovakia’s Prime Minister"]
    assert roles["Emmanuel Macron"] == ["French President"]
    assert roles["Sergey Shoigu"] == ["Defense Minister"]
    assert roles["Maria Zakharova"] == ["Russian Foreign Ministry spokeswoman"]
    assert roles["Vladimir Putin"] == ["Russian President"]  # "[Russian President Vladimir] Putin"
    assert roles["Guido Crosetto"] == ["Italian Defense Minister"]
    assert roles["Aleksey Goncharenko"] == ["represents Odessa in the Ukrainian parliament"]
    assert roles["LCI"] == ["French broadcaster"]


def test_seed_descriptions_reach_the_right_people(seed):
    _, ents = seed
    people = [e for e in ents if e.type == "PERSON"]

    def best(desc):
        scored = sorted(((match_description(desc, e), e.name) for e in people), reverse=True)
        assert scored[0][0] > scored[1][0], desc
        return scored[0][1]

    assert best("the MP") == "Aleksey Goncharenko"
    assert best("a senior Ukrainian lawmaker") == "Aleksey Goncharenko"
    assert best("The French leader") == "Emmanuel Macron"
    assert best("the French president") == "Emmanuel Macron"


def test_seed_name_coreference_ids_and_offsets(seed):
    rec, ents = seed
    assert [e.id for e in ents] == [f"e{i}" for i in range(1, len(ents) + 1)]
    assert ents[0].name == "Ukraine"  # the headline comes first
    g = _by_name(ents)["Aleksey Goncharenko"]
    assert g.canonical == "Oleksii Honcharenko"
    assert set(g.variants) == {"Aleksey Goncharenko", "Goncharenko"}
    assert [m.where for m in g.mentions] == ["standfirst", "body", "body"]
    macron = _by_name(ents)["Emmanuel Macron"]
    assert len(macron.mentions) == 4  # "Macron’s" twice, one of them tagged ORG by the model
    for e in ents:
        for m in e.mentions:
            assert rec.article.segment(m.where)[m.start:m.end] == m.text
    assert not any("Describing" in e.name for e in ents)
    assert not any(e.name == "Defense" for e in ents)


POLNEAR_SENTENCES = [
    # breitbart / nyt sentences from PolNeAR train texts
    "''There should be common ground the government and tech can find to address this concern and make sure the "
    "American people are safe,'' said Josh Earnest, the White House press secretary, echoing comments made earlier "
    "by President Obama.",
    "Gross was referring to Jim Brady and his wife, Sarah, the organization’s founders. Jim Brady, who was press "
    "secretary to President Ronald Reagan, was shot in the head during the assassination attempt on Reagan in 1981.",
    "Indeed, this is the first time in the history of the Syrian crisis that blame has been assigned to the Syrian "
    "government for deploying chemical weapons - bearing in mind that the famous agreement between US Secretary of "
    "State John Kerry and Russian Foreign Minister Sergei Lavrov to dismantle Syria’s chemical weapons arsenal was the "
    "pretext for Obama to backtrack from his infamous redline of intervening in Syria if Assad uses those weapons.",
    "The head of the major Super PAC backing former Florida Gov. Jeb Bush for president, Mike Murphy, praised the "
    "efforts of a donor to Sen. Marco Rubio (R-FL) to attack billionaire 2016 GOP frontrunner Donald Trump by "
    "skywriting nasty messages at the Rose Bowl on Friday.",
    "Espinoza is of Mexican descent and is a sixth generation Texan from her mother’s side. She recently praised "
    "Republican presidential candidate Donald Trump for speaking out against illegal aliens.",
]


@pytest.fixture(scope="module")
def polnear(nlp):
    return _entities(nlp, POLNEAR_SENTENCES)


def test_polnear_roles(polnear):
    _, ents = polnear
    roles = {e.name: e.roles for e in ents}
    assert roles["Josh Earnest"] == ["White House press secretary"]                # apposition
    assert roles["Jim Brady"] == ["press secretary to President Ronald Reagan"]     # who was …
    assert roles["John Kerry"] == ["US Secretary of State"]                         # title with "of"
    assert roles["Sergei Lavrov"] == ["Russian Foreign Minister"]
    assert roles["Jeb Bush"] == ["former Florida Gov."]
    assert roles["Marco Rubio"] == ["Sen."]
    assert roles["Mike Murphy"] == ["head of the major Super PAC"]                  # apposition before the name
    assert "Republican presidential candidate" in roles["Donald Trump"]
    assert _by_name(ents)["Sergei Lavrov"].canonical == "Sergey Lavrov"


def test_polnear_reagan_coreference(polnear):
    _, ents = polnear
    reagan = _by_name(ents)["Ronald Reagan"]
    assert set(reagan.variants) == {"Ronald Reagan", "Reagan"} and len(reagan.mentions) == 2


def test_apposition_after_the_name(nlp):
    # the shape of the brief's example, on the seed's people
    _, ents = _entities(nlp, ["Robert Fico, Slovakia’s prime minister, said NATO has no justification to send troops to Ukraine."])
    assert _by_name(ents)["Robert Fico"].roles == ["Slovakia’s prime minister"]


def test_two_clintons_and_an_unnamed_one_stay_apart(nlp):
    text = ("Clinton, 35, the daughter of former President Bill Clinton and Democratic presidential candidate Hillary "
            "Clinton, said on Twitter on Monday, in reference to her first child, a girl born Sept, 26, 2014, “Next "
            "summer, Charlotte is going to be a big sister!”")
    _, ents = _entities(nlp, [text])
    people = {e.name: e for e in ents if e.type == "PERSON"}
    assert {"Clinton", "Bill Clinton", "Hillary Clinton"} <= set(people)
    assert people["Bill Clinton"].roles == ["former President"]
    assert people["Hillary Clinton"].roles == ["Democratic presidential candidate"]
    assert len(people["Bill Clinton"].mentions) == 1  # the daughter is not attached to her father
    assert _by_name(ents)["Twitter"].type == "ORG"


def test_junk_never_becomes_an_entity(nlp):
    _, ents = _entities(nlp, ["Follow RT on www.rt.com and https://t.me/rtnews for updates from Moscow."])
    assert all("www" not in e.name and "http" not in e.name for e in ents)
    assert all(e.name != e.name.lower() for e in ents)


def test_junior_is_another_person(nlp):
    # PolNeAR train (nyt): "Mr. Trump" here is the father, never named in full
    text = ("Mr. Trump's former campaign manager, Corey Lewandowski, said the staff member who succeeded him and "
            "helped engineer his ouster, Paul Manafort, should be terminated over the plagiarism. That suggestion "
            "prompted a harsh response from Donald Trump Jr., who suggested in a CBS interview that Mr. Lewandowski "
            "was trying to ''maintain relevance.''")
    _, ents = _entities(nlp, [text])
    people = {e.name: e for e in ents if e.type == "PERSON"}
    assert people["Donald Trump Jr."].canonical == "Donald Trump Jr."
    assert people["Donald Trump Jr."].variants == ["Donald Trump Jr."]
    assert "Trump" in people
    assert people["Corey Lewandowski"].roles == ["Mr. Trump's former campaign manager"]
    assert set(people["Corey Lewandowski"].variants) == {"Corey Lewandowski", "Lewandowski"}


def test_transcript_speaker_labels(nlp):
    # PolNeAR train: debate and interview transcripts
    paras = [
        "\"RAMOS: Secretary Clinton, did you lie to them?",
        "\"CLINTON: I feel a great deal of sympathy for the families of the four brave Americans that we lost at Benghazi.",
        "JAKE TAPPER: Donald Trump released a video on Friday talking about racial healing. Take a listen.",
        "TRUMP: The deaths of Alton Sterling in Louisiana and Philando Castile in Minnesota, also make clear how much more work we have to do.",
        "\"VIDEO: Hillary and Obama and Panetta and Biden and Susan Rice all told me it was a video.",
    ]
    _, ents = _entities(nlp, paras)
    people = {e.name: e for e in ents if e.type == "PERSON"}
    assert {"RAMOS", "JAKE TAPPER"} <= set(people)
    assert "CLINTON" in people["Clinton"].variants or "Clinton" in people["CLINTON"].variants
    assert "TRUMP" in people["Donald Trump"].variants
    assert "VIDEO" not in people


# -- entity quality on real news pages (issue 4 follow-up); sentences from the article-extraction
#    benchmark's cbssports Browns/Steelers page and PolNeAR train texts

CBS_PARAS = [
    "The NFL handed down punishments on Friday for Thursday night's fight that led to multi-game suspensions for "
    "Browns pass rusher Myles Garrett and Pittsburgh center Maurkice Pouncey. Cleveland DL Larry Ogunjobi also "
    "received a one-game suspension for shoving Pittsburgh quarterback Mason Rudolph to the ground, and both teams "
    "received $250,000 fines.",
    "Browns DL Sheldon Richardson, however, decided to weigh in on Thursday's fight on Monday.",
    "Rudolph and Garrett engaged in a heated altercation before Garrett hit Rudolph in the head with Rudolph's helmet.",
    "CBS Sports NFL Insider Jason La Canfora has reported that the NFL will fine Rudolph for his role in the fight.",
    "While Richardson wants Rudolph to be disciplined, Steelers defensive captain Cam Heyward said the Browns "
    "were wrong.",
]


@pytest.fixture(scope="module")
def cbs(nlp):
    return _entities(nlp, CBS_PARAS)[1]


def test_role_words_inside_a_person_span_go_to_the_role(cbs):
    people = {e.name: e for e in cbs if e.type == "PERSON"}
    assert "Browns DL Sheldon Richardson" not in people
    assert people["Sheldon Richardson"].roles == ["Browns DL"]
    assert "Richardson" in people["Sheldon Richardson"].variants  # the later bare surname joins it
    assert people["Jason La Canfora"].roles == ["CBS Sports NFL Insider"]
    assert people["Larry Ogunjobi"].roles == ["Cleveland DL"]
    assert people["Cam Heyward"].roles == ["Steelers defensive captain"]
    assert all(not any(w.islower() for w in name.split()) for name in people if name != "Jason La Canfora")


def test_untagged_name_after_a_title_is_a_person(cbs):
    people = {e.name: e for e in cbs if e.type == "PERSON"}
    assert people["Maurkice Pouncey"].roles == ["Pittsburgh center"]
    places = {e.name for e in cbs if e.type == "GPE"}
    assert {"Pittsburgh", "Cleveland"} <= places  # a city before a title stays a place, not a NORP


def test_full_name_typed_org_joins_its_bare_surname(cbs):
    rudolph = [e for e in cbs if "Rudolph" in e.name]
    assert len(rudolph) == 1  # "Mason Rudolph" (ORG for the model) and "Rudolph" (PERSON): one entity
    assert rudolph[0].type == "PERSON" and rudolph[0].name == "Mason Rudolph"
    assert rudolph[0].roles == ["Pittsburgh quarterback"]
    assert len([m for m in rudolph[0].mentions if m.text == "Rudolph"]) >= 5


def test_a_clause_is_not_a_name(cbs):
    assert not any(" hit " in e.name for e in cbs)  # "Garrett hit Rudolph" was an ORG
    garrett = next(e for e in cbs if e.name == "Myles Garrett")
    assert garrett.type == "PERSON" and garrett.roles == ["pass rusher"]
    assert sum(m.text == "Garrett" for m in garrett.mentions) == 2  # both, the one inside the clause too


def test_team_plurals_are_organisations(cbs):
    types = {e.name: e.type for e in cbs}
    assert types["Browns"] == "ORG"  # "the Browns" (PERSON for the model)
    assert types.get("Steelers") != "PERSON"


def test_family_plural_of_a_person_stays_a_person(nlp):
    # PolNeAR train (breitbart)
    paras = ["Bill Clinton campaigned in Ohio on Monday.",
             "The only people in the 2016 presidential race who had any connection to Wallace the Democrat whatsoever "
             "are the Clintons, also Democrats."]
    _, ents = _entities(nlp, paras)
    assert {e.name: e.type for e in ents}.get("Clintons") == "PERSON"


def test_given_name_makes_a_person_but_not_an_organisation(nlp):
    # PolNeAR train (breitbart) and a benchmark page (Royal Navy)
    paras = ["This phony fact check goes on to openly ridicule Donald Trump, Ben Carson, and Carly Fiorina for "
             "criticizing Obama’s decision to take in additional Syrian refugees.",
             "Spokeswoman Haley Morris says the candidate has “always run a lean campaign and will continue to do so.”",
             "Morris says the campaign will be pursuing federal matching funds.",
             "Andrew claims that when he flew Royal Navy helicopters during the Falklands War (1982) with Argentina, "
             "he came under intense enemy fire."]
    _, ents = _entities(nlp, paras)
    types = {e.name: e.type for e in ents}
    assert types["Carly Fiorina"] == "PERSON"
    morris = next(e for e in ents if e.name == "Haley Morris")  # ORG for the model, the title inside
    assert morris.type == "PERSON" and morris.roles == ["Spokeswoman"]
    assert "Morris" in morris.variants
    assert types.get("Royal Navy") != "PERSON"


def test_owner_before_a_possessive_is_not_a_role(nlp):
    # PolNeAR train (breitbart)
    paras = ["The Media Research Center’s Dan Gainor will be interviewed about ABC’s TV show Scandal."]
    _, ents = _entities(nlp, paras)
    assert next(e for e in ents if e.name == "Dan Gainor").roles == []


def test_another_persons_surname_is_not_a_title(nlp):
    # PolNeAR train (huff-post): "Singer" is Paul Singer's surname, not Ken Griffin's role
    text = ("“You have two billionaire hedge fund managers who started a super PAC and they’re advertising against me "
            "in Iowa as we speak,” Clinton said, referencing a super PAC called Future45 funded by Paul Singer and "
            "Ken Griffin.")
    _, ents = _entities(nlp, [text])
    assert next(e for e in ents if e.name == "Ken Griffin").roles == []


def test_plural_of_people_after_a_title_stays_people(nlp):
    # PolNeAR train (breitbart)
    text = ("Indeed, a broader swath of Republican voters appears to be moving behind Trump, despite big-name holdouts "
            "such as Ryan, both former president Bushes and the party’s 2012 nominee, Mitt Romney.")
    _, ents = _entities(nlp, [text])
    assert {e.name: e.type for e in ents}.get("Bushes", "PERSON") == "PERSON"


def test_entertainment_titles_are_roles(nlp):
    # PolNeAR train (huff-post) and a benchmark page
    paras = ["They also applauded strong messages of empowerment from influential women like Rihanna, Shonda Rhimes, "
             "Amandla Stenberg and, among others, presidential hopeful Hillary Clinton who joined the stage to "
             "introduce Bond.",
             "Actress Amandla Stenberg was also honored as she took home the Young, Black and Gifted award for "
             "fearlessly speaking out about issues of race, beauty and identity."]
    _, ents = _entities(nlp, paras)
    stenberg = [e for e in ents if "Stenberg" in e.name]
    assert len(stenberg) == 1  # the second mention is an ORG "Actress Amandla Stenberg" for the model
    assert stenberg[0].name == "Amandla Stenberg" and stenberg[0].type == "PERSON"
    assert stenberg[0].roles == ["Actress"]


def test_given_name_left_out_of_the_span_joins_it(nlp):
    # PolNeAR train (huff-post): the model tags only "Shai"
    text = "“In foreign policy, there are interests and there are values,” the Zionist Union Party’s Nachman Shai told the AP."
    _, ents = _entities(nlp, [text])
    assert "Nachman Shai" in {e.name for e in ents if e.type == "PERSON"}


def test_unknown_place_used_as_a_person_is_a_person(nlp):
    # the cbssports page: "Belichick" is a GPE for the model in the first sentence
    paras = ["Jones tells Belichick story from '90s The Cowboys owner actually might've had a chance to hire "
             "Belichick before he went to New England"]
    _, ents = _entities(nlp, paras)
    types = {e.name: e.type for e in ents}
    assert types["Belichick"] == "PERSON"


def test_club_that_speaks_is_not_a_person(nlp):
    # a benchmark page (Tottenham): an organisation says things too
    paras = ["Jose Mourinho has agreed a deal to replace Mauricio Pochettino as Tottenham's manager.",
             "Tottenham said in a statement: “Jose is one of the most successful managers in football.”"]
    _, ents = _entities(nlp, paras)
    assert {e.name: e.type for e in ents}.get("Tottenham") != "PERSON"


def test_given_name_and_middle_initial_make_a_person(nlp):
    # PolNeAR train (breitbart): "Dwight D. Eisenhower" is an ORG for the model
    text = ("Vigo County, Indiana, has only miscalculated twice since 1888, voting for Williams Jennings Bryan instead "
            "of William Howard Taft in 1908 and selecting Adlai Stevenson rather than Dwight D. Eisenhower in 1952.")
    _, ents = _entities(nlp, [text])
    assert {e.name: e.type for e in ents}.get("Dwight D. Eisenhower") == "PERSON"
