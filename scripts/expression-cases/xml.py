# xml() and xpath(), and json() of XML. XML values are {"$content-type": "application/xml;charset=utf-8", ...}.

PRODUCE = ("'<produce><item><name>Gala</name><count>20</count></item>"
           "<item><name>Honeycrisp</name><count>10</count></item></produce>'")
NS = "'<?xml version=\"1.0\"?> <file xmlns=\"http://contoso.com\"> <location>Paris</location> </file>'"
SINGLE = ("The documentation says 'An XML node when only a single node matches the specified XPath expression', "
          "but ADF's engine (the reference evaluator) returns an array of nodes however many match, and public "
          "pipelines index it ([0]); we follow the engine.")
ABC = "'<a><b><c>1</c><c>2</c></b><d>t<e/>u</d></a>'"


def xp(expression):
    """An xpath() case: node sets are arrays even with one node, as ADF's engine returns them."""
    return case(expression, note=SINGLE)


CASES = [
    "@xml('<a>1</a>')", "@xml('<a/>')", "@xml('<a></a>')", "@xml('<a x=\"1\" y=''2''/>')",
    "@string(xml('<?xml version=''1.0'' encoding=''UTF-8''?><a x=\"1 &amp; &lt;2&gt; &quot;q&quot; ''s''\"><b>t &amp; &lt; &gt; \" ''</b><c/><d></d><!--cm--><?pi data?><![CDATA[x<y]]></a>'))",
    "@string(xml('<p:a xmlns:p=\"urn:x\" p:at=\"1\"><p:b/></p:a>'))", "@string(xml('<a>  <b> 2 </b>  </a>'))",
    "@string(xml('<a>&#65;&#x42;</a>'))", "@string(xml('<!DOCTYPE a><a/>'))", "@string(xml('<é>ü</é>'))",
    "@xml(json('{ \"name\": \"Sophia Owen\" }'))", "@string(xml(json('{\"a\": {\"@id\": \"x\", \"#text\": \"t\"}}')))",
    "@string(xml(json('{\"a\": null}')))", "@string(xml(json('{\"a\": true}')))", "@string(xml(json('{\"a\": 1.5}')))",
    "@string(xml(json('{\"a\":{\"@x\":\"1\",\"b\":[\"1\",\"2\"],\"c\":{\"#text\":\"t\"},\"d\":null,\"e\":[], \"f\":{\"#cdata-section\":\"<z>\"}}}')))",
    "@string(xml(json('{\"?xml\":{\"@version\":\"1.0\"},\"a\":{\"b\":1}}')))",
    "@string(xml(json('{\"a\":{\"b\":{\"c\":true,\"d\":1.0,\"e\":\"\"}}}')))", "@string(xml(json('{\"a b\":1}')))",
    "@string(xml(json('{\"a\":\"x<y&z\"}')))", "@string(xml(xml('<a>1</a>')))",
    fails("@xml(json('{\"a\": 1, \"b\": 2}'))"), fails("@xml(json('{\"a\": [1, 2]}'))"), fails("@xml(json('[1]'))"),
    fails("@xml(1)"), fails("@xml('not xml')"), fails("@xml('{\"a\":1}')"), fails("@xml(null)"), fails("@xml('<a>')"),
    fails("@xml('<a></b>')"), fails("@xml('<a/><b/>')"), fails("@xml('')"),
    "@json(xml('<a>1</a>'))", "@json(xml('<a><b>1</b><b>2</b><c x=\"1\">t</c><d/><e></e><f x=\"1\"/></a>'))",
    "@json(xml('<p:a xmlns:p=\"urn:x\" p:at=\"1\"><p:b/></p:a>'))", "@json(xml('<a>x<b/>y</a>'))",
    "@json(xml('<a>x<!-- c --><![CDATA[<y>]]></a>'))", "@json(xml('<a><?pi d?></a>'))",
    "@json(xml('<?xml version=\"1.0\" encoding=\"utf-8\"?><r><v>1</v></r>'))", "@json(xml('<a><b><c>deep</c></b></a>'))",
    "@json(xml('<a x=\"1\"/>')).a['@x']",
    xp(f"@xpath(xml({PRODUCE}), 'sum(/produce/item/count)')"),
    xp(f"@xpath(xml({PRODUCE}), '/produce/item/name')"), xp(f"@xpath(xml({PRODUCE}), '/produce/item/name/text()')"),
    xp(f"@xpath(xml({PRODUCE}), 'string(/produce/item/name)')"), xp(f"@xpath(xml({PRODUCE}), 'count(//item)')"),
    xp(f"@xpath(xml({PRODUCE}), '//item[count > 15]/name/text()')"),
    xp(f"@xpath(xml({PRODUCE}), '//item[1]/name')"),
    xp(f"@xpath(xml({PRODUCE}), '//item[2]/count/text()')"),
    xp(f"@xpath(xml({PRODUCE}), '//nothing')"), xp(f"@xpath(xml({PRODUCE}), 'boolean(//item)')"),
    xp(f"@xpath(xml({PRODUCE}), 'count(//item) = 2')"), xp(f"@xpath(xml({PRODUCE}), 'name(/*)')"),
    xp(f"@xpath(xml({PRODUCE}), '/produce/item[name=\"Gala\"]/count/text()')"),
    xp("@xpath(xml('<produce><item a=\"1\"><name>Gala</name></item></produce>'), '//item/@a')"),
    xp("@xpath(xml('<produce><item a=\"1\"><name>Gala</name></item></produce>'), '//item[1]')"),
    xp(f"@xpath(xml({NS}), '/*[name()=\"file\"]/*[name()=\"location\"]')"),
    f"@xpath(xml({NS}), 'string(/*[name()=\"file\"]/*[name()=\"location\"])')",
    xp(f"@xpath(xml({NS}), '/file')"), xp(f"@xpath(xml({NS}), 'namespace-uri(/*)')"), xp(f"@xpath(xml({NS}), 'local-name(/*/*)')"),
    xp(f"@xpath(xml({ABC}), '/a')"),
    xp(f"@xpath(xml({ABC}), '/a/b')"),
    xp(f"@xpath(xml({ABC}), '/a/d')"),
    xp(f"@xpath(xml({ABC}), '//c')"), xp(f"@xpath(xml({ABC}), '//c/text()')"), xp(f"@xpath(xml({ABC}), 'string(/a/d)')"),
    xp(f"@xpath(xml({ABC}), 'count(/a/*)')"), xp(f"@xpath(xml({ABC}), 'count(//*)')"), xp(f"@xpath(xml({ABC}), '/a/d/text()')"),
    xp(f"@xpath(xml({ABC}), 'sum(//c) div 2')"), xp(f"@xpath(xml({ABC}), '//c[last()]/text()')"),
    xp(f"@xpath(xml({ABC}), 'name(//c/..)')"), xp(f"@xpath(xml({ABC}), 'count(//c/ancestor::*)')"),
    xp(f"@xpath(xml({ABC}), 'count(//b/following-sibling::*)')"), xp(f"@xpath(xml({ABC}), 'name(//d/preceding-sibling::*[1])')"),
    xp(f"@xpath(xml({ABC}), 'count(//e/preceding::*)')"), xp(f"@xpath(xml({ABC}), 'count(/a/b/following::*)')"),
    xp(f"@xpath(xml({ABC}), 'count(//c | //d)')"), xp(f"@xpath(xml({ABC}), '(//c)[2]/text()')"),
    xp(f"@xpath(xml({ABC}), 'count(/a/descendant-or-self::node())')"), xp(f"@xpath(xml({ABC}), 'count(//text())')"),
    case("@xpath(xml('<a x=\"1\" y=\"2\"/>'), 'count(/a/@*)')", docs=2.0),
    xp(f"@xpath(xml({ABC}), '/')"),
    xp("@xpath(xml('<a><b>1</b></a>'), '1 div 3')"), xp("@xpath(xml('<a><b>1</b></a>'), 'string(1 div 3)')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'string(2)')"), xp("@xpath(xml('<a><b>1</b></a>'), '/a/b = 1')"),
    xp("@xpath(xml('<a><b>1</b></a>'), '/a/b/@x')"), xp("@xpath(xml('<a><b>1</b></a>'), '1 + 1')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'normalize-space(''  a  b '')')"), xp("@xpath(xml('<a><b>1</b></a>'), 'translate(''abc'', ''ab'', ''A'')')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'substring(''12345'', 1.5, 2.6)')"), xp("@xpath(xml('<a><b>1</b></a>'), 'substring(''12345'', 2)')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'round(2.5)')"), xp("@xpath(xml('<a><b>1</b></a>'), 'round(-2.5)')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'floor(-1.5)')"), xp("@xpath(xml('<a><b>1</b></a>'), 'ceiling(1.2)')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'concat(''a'', /a/b, ''c'')')"), xp("@xpath(xml('<a><b>1</b></a>'), 'starts-with(''abc'', ''ab'')')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'contains(''abc'', ''d'')')"), xp("@xpath(xml('<a><b>1</b></a>'), 'substring-before(''a-b'', ''-'')')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'substring-after(''a-b'', ''-'')')"), xp("@xpath(xml('<a><b>1</b></a>'), 'string-length(''héllo'')')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'not(true())')"), xp("@xpath(xml('<a><b>1</b></a>'), '5 mod 3')"),
    xp("@xpath(xml('<a><b>1</b></a>'), '-(2 * 3)')"), xp("@xpath(xml('<a><b>1</b></a>'), '1 < 2 and 2 >= 2')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'number(''x'')')"), xp("@xpath(xml('<a><b>1</b></a>'), '1 div 0')"),
    xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), 'name(/a/*[2])')"), xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), '/a/b[position()=1]/text()')"),
    xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), '/a/b[last()]/text()')"), xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), 'sum(/a/b)')"),
    "@xpath(xml('<a xml:lang=\"en-US\"><b/></a>'), 'lang(''en'')')",
    fails("@xpath('<a>1</a>', '/a')"), fails("@xpath(xml('<a>1</a>'), '///')"), fails("@xpath(xml('<a>1</a>'), 1)"),
    fails("@xpath(xml('<a><b>1</b></a>'), '$x')"), fails("@xpath(xml('<a><b>1</b></a>'), 'p:a')"),
    fails("@xpath(xml('<a><b>1</b></a>'), 'foo()')"), fails("@xpath(xml('<a>x<!-- c --></a>'), '/a/comment()')"),
    fails("@xpath(null, '/a')"), fails("@xpath(xml('<a/>'))"), fails("@xpath(xml('<a/>'), '/a[')"),
    # One match or two, a node set is an array; XPath's scalar results (count, string, boolean) stay scalar.
    xp("@xpath(xml('<a><b>1</b></a>'), '/a/b')"), xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), '/a/b')"),
    xp("@xpath(xml('<a><b>1</b></a>'), '/a/b/text()')"), xp("@xpath(xml('<a><b c=\"q\">1</b></a>'), '/a/b/@c')"),
    xp("@length(xpath(xml('<a><b>1</b></a>'), '/a/b'))"), xp("@xpath(xml('<a><b>1</b></a>'), '/a/b/text()')[0]"),
    xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), 'count(/a/b)')"), xp("@xpath(xml('<a><b>1</b><b>2</b></a>'), 'string(/a/b)')"),
    xp("@xpath(xml('<a><b>1</b></a>'), 'boolean(/a/b)')"),
]
