"""Bylines -> clean author names."""

from __future__ import annotations

import pytest

from newsdesk.extract.html.authors import labelled_byline, linked_authors, name_from_bio, split_authors


@pytest.mark.parametrize("raw,names", [
    ("By JOHN SMITH", ["John Smith"]),
    ("By Jane Doe and Bob Lee", ["Jane Doe", "Bob Lee"]),
    ("By Ann Lee, Bo Chan and Cy Diaz", ["Ann Lee", "Bo Chan", "Cy Diaz"]),
    ("Dylan Bailey, MS, RD, FAND", ["Dylan Bailey, MS, RD, FAND"]),
    ("Written byDan Pantelo", ["Dan Pantelo"]),
    ("FP News Desk", ["FP News Desk"]),
    ("EcoCult Staff", ["EcoCult Staff"]),
    ("By Jane Doe | January 2, 2024", ["Jane Doe"]),
    ("Written by Mark Twain on March 3, 2023", ["Mark Twain"]),
    ("Jane Doe 5 min read", ["Jane Doe"]),
    ("Harry Rabinowitz ¦ Tech Reporter", ["Harry Rabinowitz"]),
    ("Dec. 19, 2025 · Niko Matsakis", ["Niko Matsakis"]),
    ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
    ("HomeAdvisor Staff Writer Reviewed by Robert Tschudi", ["HomeAdvisor Staff"]),
    ("Rachel MacDonald Writer", ["Rachel MacDonald"]),
    ("Dec. 19, 2025 · Niko Matsakis on behalf of Vision Team", ["Niko Matsakis"]),
    ("Reporting by Ann Lee; Bo Chan; Cy Diaz", ["Ann Lee", "Bo Chan", "Cy Diaz"]),
    ("Reporting by Ann Lee; Editing by Bo Chan", ["Ann Lee"]),
    ("Additional reporting by Cy Diaz", ["Cy Diaz"]),
])
def test_split_authors(raw, names):
    assert split_authors(raw) == names


@pytest.mark.parametrize("raw", ["Email the author", "Staff", "admin", "@janeq", "jane@example.com",
                                 "https://facebook.com/jdoe", "By", "Insights from", "Personal finance",
                                 "andrew.keaveney", "Dec. 19", "Sat, 20 Dec", "Follow"])
def test_not_authors(raw):
    assert split_authors(raw) == []


def test_author_box_bio():
    assert name_from_bio("Bence Kovács Bence is a software developer specialising in audio") == "Bence Kovács"


@pytest.mark.parametrize("raw,names", [
    ("Sarah E. Needleman", ["Sarah E. Needleman"]),
    ("Ana Silva e Joao Costa", ["Ana Silva", "Joao Costa"]),
    ("Carlos Nadalim 27", ["Carlos Nadalim"]),
    ("Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
    ("Текст Венера Ерофеева", ["Венера Ерофеева"]),
    ("Jean-Luc Picard", ["Jean-Luc Picard"]),
    ("Jdadmin", []),
    ("Entries RSS", []),
])
def test_seen_on_news_pages(raw, names):
    assert split_authors(raw) == names


@pytest.mark.parametrize("raw,names", [
    ("By MixmasterFred in Workshop", ["MixmasterFred"]),
    ("By:Great Day Editorial Team", ["Great Day Editorial Team"]),
    ("By the Lavazza Team", ["the Lavazza Team"]),
    ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", ["FlowGuard EMEA"]),
    ("Posted by BeauHD on Friday December 19, 2025", ["BeauHD"]),
    ("CM Craig McCarthy Last updated on 17 December 2025", ["Craig McCarthy"]),
    ("This post was written by Danielle Padula, Head of Marketing and Community Development", ["Danielle Padula"]),
    ("Paycom Blog Contributor Paycom Blog Contributor", ["Paycom Blog Contributor"]),
    ("NB", []),
    ("Reuters November 18, 2019 11:03 PM", ["Reuters"]),  # the comma cuts the date in two
    ("Theresa May", ["Theresa May"]),
    ("Greg Beacham, AP Sports Writer", ["Greg Beacham"]),  # a job title after the comma, not a person
    ("Rob Burns and Lola Baldor, AP National Security Writers", ["Rob Burns", "Lola Baldor"]),
])
def test_byline_shapes(raw, names):
    assert split_authors(raw) == names


@pytest.mark.parametrize("raw,names", [
    ("Human in the Loop", []),
    ("Medically reviewed by Kim Rose-Francis RDN — Written by Jillian Kubala", ["Jillian Kubala"]),
])
def test_reviewers_and_phrases(raw, names):
    assert split_authors(raw) == names


def _tree(body: str):
    import lxml.html

    return lxml.html.document_fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize("body,names", [
    ("<h1>Head</h1><p>By <strong>Ann Lee</strong></p><p>Text.</p>", ["Ann Lee"]),
    ("<h1>Head</h1><p>Text.</p><h3>Written by Bo Chan</h3><p>Bo Chan is a writer.</p>", ["Bo Chan"]),
    ("<h1>Head</h1><h2>Article by</h2><div>Cy Diaz</div>", ["Cy Diaz"]),
    ("<h1>Head</h1><h6>Author(s)</h6><ul><li>Ann Lee</li><li>Bo Chan</li></ul>", ["Ann Lee", "Bo Chan"]),
    ("<h1>Head</h1><p>By signing up, you agree to our terms.</p>", []),
    ("<h1>Head</h1><div><a>Reviews</a><a>By Category</a></div>", []),
    ("<h1>Head</h1><p><b>Author:</b> Rosa Delgado <br><b>Released:</b> 2019</p>", ["Rosa Delgado"]),
    ("<h1>Head</h1><pre>by intro h1 h2</pre>", []),
    ("<h1>Head</h1><p>By Amanda</p>", []),  # one word in running text is no byline
    ("<p>By Early Bird</p><h1>Head</h1><p>By Ann Lee</p>", ["Ann Lee"]),  # after the headline first
])
def test_labelled_byline(body, names):
    tree = _tree(body)
    assert labelled_byline(tree, tree.find(".//h1")) == names


@pytest.mark.parametrize("body,names", [
    ('<div>By <a href="/author/ann-lee/">Ann Lee</a> and <a href="/author/bo-chan/">Bo Chan</a></div>',
     ["Ann Lee", "Bo Chan"]),
    ('<a href="https://news.example/authors/amanda">Amanda</a>', ["Amanda"]),
    ('<a href="https://elsewhere.example/people/olga-berg">Olga Berg</a>', []),  # another site's credit
    ('<a href="/author/jdoe">Read more</a>', []),  # the slug does not spell the text
    ('<a href="/authors/staff/">Staff</a>', []),
])
def test_linked_authors(body, names):
    assert linked_authors(_tree(body), host="news.example") == names


@pytest.mark.parametrize("header,names", [
    # the writer, not the reviewer before it
    ("<div>Medically reviewed by Ann Lee, MD — Written by Bo Chan — Updated on March 7, 2025</div>", ["Bo Chan"]),
    # a reviewer stands in when no writer is named
    ("<div>4 min read</div><div>Reviewed by Cy Diaz, Trial Attorney, on December 9, 2024.</div>", ["Cy Diaz"]),
    # a date after the name is not part of it
    ("<div>by Dana Eriksen September 23, 2024</div>", ["Dana Eriksen"]),
    # "Articles by ..." is a link to an author page's list, not a byline
    ("<div>Ann Lee Tech Writer Articles by Ann Web & Cloud</div>", []),
    # the next block's first sentence does not extend the name
    ("<p>By Marta Lind</p><p>The ferry sailed again on Saturday.</p>", ["Marta Lind"]),
])
def test_byline_in_the_text_under_the_headline(header, names):
    import newsdesk
    from htmlpages import doc

    a = newsdesk.extract(doc("", f"<h1>Ferry returns to the harbour</h1>{header}"))
    assert a.authors == names


def test_author_box_parts_that_are_not_the_name():
    import newsdesk
    from htmlpages import doc

    body = ('<h1>Ferry returns to the harbour</h1>'
            '<div class="author-description">Licensed Coffee Grader, M.A. Journalism</div>')
    assert newsdesk.extract(doc("", body)).authors == []
    assert split_authors("1. Checkwriters") == [] and split_authors("12) Acme Payroll") == []


def test_a_login_name_in_json_ld_yields_to_the_full_visible_byline():
    import newsdesk
    from htmlpages import doc, ld

    head = ld('{"@type": "NewsArticle", "headline": "Ferry returns", "author": {"@type": "Person", "name": "KatieS"}}')
    body = '<h1>Ferry returns</h1><a class="author-link" href="/authors/aoife-ryan/">Aoife Ryan</a>'
    a = newsdesk.extract(doc(head, body))
    assert a.authors == ["Aoife Ryan"] and a.provenance["authors"] == "visible-text"
    # an agency's one-word name is no login name
    head = ld('{"@type": "NewsArticle", "headline": "Ferry returns", "author": {"@type": "Person", "name": "Reuters"}}')
    assert newsdesk.extract(doc(head, body)).authors == ["Reuters"]
    # a real person's full name in JSON-LD still wins over the visible text
    head = ld('{"@type": "NewsArticle", "headline": "Ferry returns", "author": {"@type": "Person", "name": "Kate Smith"}}')
    assert newsdesk.extract(doc(head, body)).authors == ["Kate Smith"]


def test_one_element_per_author_in_one_line():
    import newsdesk
    from htmlpages import doc

    body = ('<h1>Ferry returns</h1><p class="by">By <span class="author">Ann Lee</span>, '
            '<span class="author">Bo Chan</span> and <span class="author">Cy Diaz</span></p>'
            '<aside><span class="author">Dee Sidebar</span></aside>')
    assert newsdesk.extract(doc("", body)).authors == ["Ann Lee", "Bo Chan", "Cy Diaz"]


@pytest.mark.parametrize("author", [
    '{"@type": "Organization", "name": "Valley Health Clinic"}',
    '{"@type": "Person", "name": "Valley Health Clinic"}',  # an organisation typed as a person
])
def test_a_linked_writer_beats_an_organisation_in_json_ld(author):
    import newsdesk
    from htmlpages import doc, ld

    head = ld(f'{{"@type": "Article", "headline": "Ferry returns", "author": {author}}}')
    body = ('<h1>Ferry returns</h1><p>Text.</p>'
            '<p><a href="https://valley.example/departments/wellness/staff/lee-ann">Ann Lee, RN</a></p>')
    a = newsdesk.extract(doc(head, body), url="https://valley.example/news/ferry")
    assert a.authors == ["Ann Lee, RN"] and a.provenance["authors"] == "visible-text"
    # without a linked writer the organisation stays
    assert newsdesk.extract(doc(head, "<h1>Ferry returns</h1>"), url="https://valley.example/n").authors == [
        "Valley Health Clinic"]


def test_a_desk_byline_yields_to_a_person_in_the_meta_tags():
    import newsdesk
    from htmlpages import doc

    head = '<meta name="author" content="Jay Bern">'
    body = '<h1>Ferry returns</h1><div class="author-name">Harbour Staff</div>'
    a = newsdesk.extract(doc(head, body))
    assert a.authors == ["Jay Bern"] and a.provenance["authors"] == "meta"
    # a desk byline alone is kept as written
    assert newsdesk.extract(doc("", body)).authors == ["Harbour Staff"]


def test_powered_by_is_no_byline():
    import newsdesk
    from htmlpages import doc

    body = '<div>Plans | Powered by Outside Media</div><h1>Ferry returns</h1><p>Share</p>'
    assert newsdesk.extract(doc("", body)).authors == []
