/* XML for register descriptions, through libxml2 loaded on first use (dlopen), so that mmio
 * without --regs never loads libxml2 (nor the ICU libraries it pulls in) at start-up.
 *
 * libxml2's SAX2 parser feeds a compact tree of our own (elements, their text and attributes
 * in two arenas): several times faster than libxml2's DOM for a large SVD, and all the readers
 * need. A description is untrusted input read as root, so a document is parsed with no DTD at
 * all: a DOCTYPE (and with it every entity declaration, external subset and "billion laughs")
 * stops the parse with an error; no network access; no XInclude; at most
 * MMIO_XML_MAX_ELEMENTS elements nested at most 256 deep, and libxml2's own text limits. */
#ifndef MMIO_XML_H
#define MMIO_XML_H

#include <stddef.h>
#include <stdint.h>

#define MMIO_XML_MAX_ELEMENTS 2000000

typedef struct mmio_xml_doc mmio_xml_doc;
/* An element: its index in the document; MMIO_XML_NONE for none. */
typedef uint32_t mmio_xml_node;
#define MMIO_XML_NONE UINT32_MAX

#define MMIO_XML_NO_TAG UINT32_MAX

/* Parses `length` bytes. Each element's tag is its local name's index in `vocabulary` (the
 * names the caller looks for, found once per distinct name). NULL on failure, with a one-line
 * message in `error` and the line it happened on in `*line` (0 when unknown). */
/* Loads libxml2 if it is not loaded yet: NULL when it can be used, else why not. */
const char *mmio_xml_load_error(void);

mmio_xml_doc *mmio_xml_parse(const char *bytes, size_t length, const char *const *vocabulary, size_t vocabulary_count,
                             char *error, size_t error_size, long *line);
void mmio_xml_free(mmio_xml_doc *doc);

mmio_xml_node mmio_xml_root(const mmio_xml_doc *doc);
mmio_xml_node mmio_xml_first_child(const mmio_xml_doc *doc, mmio_xml_node node);
mmio_xml_node mmio_xml_next_sibling(const mmio_xml_doc *doc, mmio_xml_node node);
/* The element's local name, and its namespace URI (NULL without one); NUL-terminated. */
const char *mmio_xml_name(const mmio_xml_doc *doc, mmio_xml_node node);
const char *mmio_xml_namespace(const mmio_xml_doc *doc, mmio_xml_node node);
long mmio_xml_line(const mmio_xml_doc *doc, mmio_xml_node node);
/* The element's tag: its name's index in the vocabulary, or MMIO_XML_NO_TAG. */
uint32_t mmio_xml_tag(const mmio_xml_doc *doc, mmio_xml_node node);
/* The element's text (character data before its first child element), not NUL-terminated. */
const char *mmio_xml_text(const mmio_xml_doc *doc, mmio_xml_node node, size_t *length);
/* The value of the attribute called `name` (local name), or NULL. */
const char *mmio_xml_attribute(const mmio_xml_doc *doc, mmio_xml_node node, const char *name, size_t *length);

#endif
