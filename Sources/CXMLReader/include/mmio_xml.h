/* XML for register descriptions, through libxml2 loaded on first use (dlopen), so that mmio
 * without --regs never loads libxml2 (nor the ICU libraries it pulls in) at start-up.
 *
 * A description is untrusted input read as root, so a document is parsed with no DTD at all:
 * a DOCTYPE (and with it every entity declaration, external subset and "billion laughs")
 * stops the parse with an error; no network access; no XInclude; at most
 * MMIO_XML_MAX_ELEMENTS elements and libxml2's default depth and text limits. */
#ifndef MMIO_XML_H
#define MMIO_XML_H

#include <stddef.h>

#define MMIO_XML_MAX_ELEMENTS 2000000

typedef struct mmio_xml_doc mmio_xml_doc;
typedef const struct mmio_xml_node_opaque *mmio_xml_node;

/* Parses `length` bytes. NULL on failure, with a one-line message in `error` and the line it
 * happened on in `*line` (0 when unknown). */
mmio_xml_doc *mmio_xml_parse(const char *bytes, size_t length, char *error, size_t error_size, long *line);
void mmio_xml_free(mmio_xml_doc *doc);

mmio_xml_node mmio_xml_root(const mmio_xml_doc *doc);
/* Element children only; NULL at the end. */
mmio_xml_node mmio_xml_first_element(mmio_xml_node node);
mmio_xml_node mmio_xml_next_element(mmio_xml_node node);
/* The element's local name, and its namespace URI (NULL without one). */
const char *mmio_xml_name(mmio_xml_node node);
const char *mmio_xml_namespace(mmio_xml_node node);
long mmio_xml_line(mmio_xml_node node);
/* The element's text when it is one text node (or none: ""), without copying; NULL when it is
 * made of several nodes, and then mmio_xml_copy_text gives it (free with mmio_xml_free_text). */
const char *mmio_xml_simple_text(mmio_xml_node node);
char *mmio_xml_copy_text(mmio_xml_node node);
void mmio_xml_free_text(char *text);
/* An attribute's value (copy, free with mmio_xml_free_text), or NULL. */
char *mmio_xml_attribute(mmio_xml_node node, const char *name);

#endif
