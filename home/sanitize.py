"""Rich text from any writer passes the editor's whitelist.

The editor (Draftail) only ever stores what its features allow. Anything else that writes a
model (the CSV importer, the shell, a fixture, a future API) could store `<script>`,
`onerror=`, a `javascript:` link or an `<iframe>`, and `|richtext` would serve it as is. So every
save cleans every RichTextField and every RichTextBlock in a StreamField with the same rules:

- The elements and attributes come from Wagtail's feature registry, the "editorhtml" converter
  rules of the field's (or block's) `features` (Wagtail's default features when it names none),
  applied by Wagtail's own `wagtail.whitelist.Whitelister`, whose `check_url` drops
  `javascript:`, `data:` and `vbscript:` links however they are disguised.
- The registry's rules are written for the editor's HTML (`data-linktype`), while the
  database holds Wagtail's storage format, so three things of that format are kept where the
  features allow them: `<a linktype="page" id="42">` (and any other registered link type),
  `<embed embedtype="image" id=".." format=".." alt="..">` / `<embed embedtype="media" url="..">`,
  and the `data-block-key` the editor puts on every block (comments are anchored to it).
- Comments, CDATA sections, processing instructions and doctypes are removed: browsers read
  `<![CDATA[><script>…` as a bogus comment followed by a live script.
- HTML that the whitelist leaves alone is returned exactly as given (the editor's own output
  is byte-for-byte unchanged, and saving twice changes nothing); only HTML that lost something
  is re-serialised.

Why a pre_save receiver rather than a model mixin: it covers every model with rich text,
including ones added later, without each page class remembering to inherit from something;
and the importer's bulk writes, which skip save(), call `clean_instances()` with the same
code. `connect()` is called from HomeConfig.ready(); see docs/content-safety.md for what this
does not cover (QuerySet.update(), raw SQL).
"""

import re
import warnings
from functools import cache
from html.parser import HTMLParser

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    XMLParsedAsHTMLWarning,
)
from django.db.models.signals import pre_save
from django.utils.html import escape
from wagtail import blocks
from wagtail.admin.rich_text.converters.editor_html import (
    BASE_WHITELIST_RULES,
    EmbedTypeRule,
    LinkTypeRule,
    WhitelistRule,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import features as feature_registry
from wagtail.whitelist import Whitelister, check_url

BLOCK_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DIGITS_RE = re.compile(r"^[0-9]{1,19}$")
# The attributes of Wagtail's storage-format embeds, per embed type, and how each is checked;
# the first one is required (the embed handlers fail without it).
EMBED_ATTRIBUTES = {
    "image": {"id": DIGITS_RE.match, "format": True, "alt": True},
    "media": {"url": check_url},
}


@cache
def feature_rules(features):
    """(element rules, link types, embed types) of a feature tuple, from the registry's
    "editorhtml" converter rules (the same ones Wagtail's DbWhitelister uses)."""
    element_rules = BASE_WHITELIST_RULES.copy()
    link_types, embed_types = set(), set()
    for feature in features:
        for rule in feature_registry.get_converter_rule("editorhtml", feature) or []:
            if isinstance(rule, WhitelistRule):
                element_rules[rule.element] = rule.handler
            elif isinstance(rule, LinkTypeRule):
                link_types.add(rule.link_type)
            elif isinstance(rule, EmbedTypeRule):
                embed_types.add(rule.embed_type)
    return element_rules, frozenset(link_types), frozenset(embed_types)


class StoredRichTextWhitelister(Whitelister):
    """Wagtail's Whitelister with the element rules of one feature list, reading storage format.

    One instance per clean (it records in `changed` whether anything was removed or rewritten),
    so concurrent saves in threads never share that state; the rules are cached.
    """

    def __init__(self, features):
        self.element_rules, self.link_types, self.embed_types = feature_rules(features)
        self.changed = False

    def clean(self, html):
        self.changed = False
        with warnings.catch_warnings():
            # bs4 warns about input that looks like XML, a file name or a URL: all of it is
            # rich text to us, and the warning would only fill the logs.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            doc = BeautifulSoup(html, "html.parser")
        self.clean_node(doc, doc)
        if not self.changed and has_raw_less_than(html):
            self.changed = True  # re-serialised, that "<" becomes "&lt;"
        if not self.changed:
            return html
        # Wagtail's own serialisation (attributes in double quotes, " escaped), which its
        # regexp-based rewriters for links and embeds expect.
        return doc.decode(formatter=escape)

    def clean_string_node(self, doc, node):
        # Keep only plain text: Comment, CData, ProcessingInstruction, Declaration and Doctype
        # are all NavigableString subclasses that serialise back to markup.
        if type(node) is not NavigableString:
            node.extract()
            self.changed = True

    def clean_tag_node(self, doc, tag):
        for child in list(tag.contents):
            self.clean_node(doc, child)
        if tag.name == "a" and "linktype" in tag.attrs:
            self.clean_stored_link(tag)
        elif tag.name == "embed":
            self.clean_embed(tag)
        elif tag.name not in self.element_rules:
            tag.unwrap()
            self.changed = True
        else:
            self.apply_rule(self.element_rules[tag.name], tag)

    def apply_rule(self, rule, tag):
        before = dict(tag.attrs)
        block_key = tag.attrs.get("data-block-key")
        rule(tag)
        if isinstance(block_key, str) and BLOCK_KEY_RE.match(block_key):
            tag["data-block-key"] = block_key
        if dict(tag.attrs) != before:
            self.changed = True

    def clean_stored_link(self, tag):
        """<a linktype="page" id="42">: kept when the features allow that link type."""
        link_type, link_id = tag.get("linktype"), tag.get("id")
        if link_type not in self.link_types or not DIGITS_RE.match(str(link_id or "")):
            tag.unwrap()
            self.changed = True
            return
        before = dict(tag.attrs)
        tag.attrs = {"linktype": link_type, "id": link_id}
        self.changed |= tag.attrs != before

    def clean_embed(self, tag):
        embed_type = tag.get("embedtype")
        allowed = EMBED_ATTRIBUTES.get(embed_type)
        if embed_type not in self.embed_types or allowed is None:
            tag.decompose()
            self.changed = True
            return
        before = dict(tag.attrs)
        attrs = {"embedtype": embed_type}
        for name, rule in allowed.items():
            value = tag.attrs.get(name)
            # A rule is True (keep) or a check returning None for a bad value.
            if isinstance(value, str) and (rule is True or rule(value) is not None):
                attrs[name] = value
        if next(iter(allowed)) not in attrs:
            tag.decompose()
            self.changed = True
            return
        tag.attrs = attrs
        self.changed |= attrs != before


class _RawLessThan(HTMLParser):
    """Finds a "<" that the parser took as text: a browser may read it as the start of markup
    (an unterminated "<!--" hides the rest of the page)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = False

    def handle_data(self, data):
        self.found |= "<" in data


def has_raw_less_than(html):
    if "<" not in html:
        return False
    parser = _RawLessThan()
    parser.feed(html)
    parser.close()
    return parser.found


def _features(features):
    if features is None:
        features = feature_registry.get_default_features()
    return tuple(features)


def clean_html(html, features=None):
    """Rich text (storage format) with only what the editor allows for these features."""
    if not html:
        return html
    return StoredRichTextWhitelister(_features(features)).clean(html)


# ---------------------------------------------------------------------------- stream fields


def _has_rich_text(block):
    # Blocks are unhashable (they define __eq__), so the answer is kept on the block itself.
    try:
        return block.__dict__["_sanitize_has_rich_text"]
    except KeyError:
        pass
    found = isinstance(block, blocks.RichTextBlock) or any(
        _has_rich_text(child) for child in _children(block)
    )
    block.__dict__["_sanitize_has_rich_text"] = found
    return found


def _children(block):
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock)):
        return list(block.child_blocks.values())
    if isinstance(block, blocks.ListBlock):
        return [block.child_block]
    return []


def clean_raw(block, raw):
    """(raw value with rich text cleaned, changed?) for one block's JSON-ish value.

    Works on the raw data rather than the block's Python values so that cleaning never loads
    the images, pages or snippets that choosers in the same stream refer to.
    """
    if raw is None or not _has_rich_text(block):
        return raw, False
    if isinstance(block, blocks.RichTextBlock):
        if not isinstance(raw, str):
            return raw, False
        cleaned = clean_html(raw, block.features)
        return cleaned, cleaned != raw
    if isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        out, changed = dict(raw), False
        for name, child in block.child_blocks.items():
            if name in raw:
                out[name], child_changed = clean_raw(child, raw[name])
                changed |= child_changed
        return out, changed
    if isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        out, changed = [], False
        for item in raw:
            if block._item_is_in_block_format(item):
                value, item_changed = clean_raw(block.child_block, item["value"])
                item = dict(item, value=value)
            else:
                item, item_changed = clean_raw(block.child_block, item)
            out.append(item)
            changed |= item_changed
        return out, changed
    if isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        out, changed = [], False
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                value, item_changed = clean_raw(child, item.get("value"))
                if item_changed:
                    item = dict(item, value=value)
                    changed = True
            out.append(item)
        return out, changed
    return raw, False


def clean_stream(stream_block, stream_value):
    """Clean a StreamValue in place; True if anything changed."""
    changed = False
    # get_prep_value() is what a save would write: blocks changed in Python (bound values)
    # as they are now, the others as their raw data. No block is converted to do this.
    for i, item in enumerate(stream_value.get_prep_value()):
        child = stream_block.child_blocks.get(item.get("type"))
        if child is None:
            continue
        value, item_changed = clean_raw(child, item.get("value"))
        if item_changed:
            # Replacing the raw item drops the cached block value, so saving writes this one.
            stream_value.raw_data[i] = dict(item, value=value)
            changed = True
    return changed


# ---------------------------------------------------------------------------- models


@cache
def rich_text_fields(model):
    """The model's (field, kind) pairs that can hold rich text: RichTextField or a StreamField
    with a RichTextBlock somewhere inside."""
    found = []
    for field in model._meta.concrete_fields:
        if isinstance(field, RichTextField):
            found.append((field, "field"))
        elif isinstance(field, StreamField) and _has_rich_text(field.stream_block):
            found.append((field, "stream"))
    return tuple(found)


def clean_instance(instance, update_fields=None):
    """Clean every rich text value of one (unsaved) model instance in place; with
    `update_fields` (a save of a few columns, as Wagtail's revision and unpublish saves are)
    only those, since nothing else is written."""
    for field, kind in rich_text_fields(type(instance)):
        if update_fields is not None and field.name not in update_fields:
            continue
        if field.attname not in instance.__dict__:
            continue  # deferred and not loaded: not being written
        value = getattr(instance, field.attname)
        if kind == "field":
            if isinstance(value, str):
                setattr(instance, field.attname, clean_html(value, field.features))
        elif value is not None and hasattr(value, "raw_data"):
            clean_stream(field.stream_block, value)


def clean_instances(instances):
    """For bulk_create / bulk_update, which never call save() or send pre_save."""
    for instance in instances:
        clean_instance(instance)
    return instances


def clean_on_save(sender, instance, update_fields=None, **kwargs):
    if rich_text_fields(sender):
        clean_instance(instance, update_fields)


def connect():
    pre_save.connect(clean_on_save, dispatch_uid="home-sanitize-rich-text")
