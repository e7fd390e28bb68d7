/* libxml2 through dlopen: see mmio_xml.h for why, and for the limits. */
#include "mmio_xml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

struct mmio_xml_doc {
    xmlDocPtr doc;
};

#define LIBXML_FUNCTIONS(X)                                                                     \
    X(xmlInitParser) X(xmlCreateMemoryParserCtxt) X(xmlCtxtUseOptions) X(xmlParseDocument)      \
    X(xmlFreeParserCtxt) X(xmlFreeDoc) X(xmlStopParser) X(xmlCtxtGetLastError)                  \
    X(xmlGetLineNo) X(xmlNodeGetContent) X(xmlDocGetRootElement) X(xmlGetProp)                  \
    X(xmlSetGenericErrorFunc) X(xmlSetStructuredErrorFunc)

#define DECLARE(name) static __typeof__(name) *p_##name;
LIBXML_FUNCTIONS(DECLARE)
static xmlFreeFunc *p_xmlFree;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void quiet(void *context, const char *message, ...) { (void)context; (void)message; }
static void quiet_structured(void *context, xmlErrorPtr error) { (void)context; (void)error; }

static void load(void) {
    void *library = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error,
                 "reading XML descriptions needs libxml2 (libxml2.so.2; Debian: apt-get install libxml2)");
        return;
    }
#define RESOLVE(name)                                                                           \
    if (!(p_##name = (__typeof__(name) *)dlsym(library, #name))) {                              \
        snprintf(load_error, sizeof load_error, "libxml2.so.2 lacks %s", #name);                \
        return;                                                                                 \
    }
    LIBXML_FUNCTIONS(RESOLVE)
    if (!(p_xmlFree = (xmlFreeFunc *)dlsym(library, "xmlFree"))) {
        snprintf(load_error, sizeof load_error, "libxml2.so.2 lacks xmlFree");
        return;
    }
    p_xmlInitParser();
    /* Nothing is ever printed by libxml2 itself: errors come back as mmio's own message. */
    p_xmlSetGenericErrorFunc(NULL, quiet);
    p_xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

/* What the parse was stopped for, when mmio stopped it. */
struct guard {
    startElementNsSAX2Func start_element;
    long elements;
    const char *refusal;
    /* libxml2's first error: the one that says what is wrong (later ones follow from it). */
    char first_error[256];
    long first_error_line;
};

static struct guard *guard_of(void *context) {
    return (struct guard *)((xmlParserCtxtPtr)context)->_private;
}

static void refuse(void *context, const char *why) {
    struct guard *guard = guard_of(context);
    if (!guard->refusal) guard->refusal = why;
    p_xmlStopParser((xmlParserCtxtPtr)context);
}

static void refuse_doctype(void *context, const xmlChar *name, const xmlChar *external, const xmlChar *system) {
    (void)name; (void)external; (void)system;
    refuse(context, "a DOCTYPE is not allowed in a register description (no DTD, no entities)");
}

static void refuse_entity(void *context, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content) {
    (void)name; (void)type; (void)public_id; (void)system_id; (void)content;
    refuse(context, "an entity declaration is not allowed in a register description");
}

static xmlParserInputPtr refuse_resolve(void *context, const xmlChar *public_id, const xmlChar *system_id) {
    (void)public_id; (void)system_id;
    refuse(context, "an external entity is not allowed in a register description");
    return NULL;
}

static void count_element(void *context, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int namespace_count, const xmlChar **namespaces, int attribute_count,
                          int defaulted_count, const xmlChar **attributes) {
    struct guard *guard = guard_of(context);
    if (++guard->elements > MMIO_XML_MAX_ELEMENTS) {
        refuse(context, "more than " "2000000" " elements: too large for a register description");
        return;
    }
    guard->start_element(context, localname, prefix, uri, namespace_count, namespaces, attribute_count,
                         defaulted_count, attributes);
}

static void record_error(void *context, xmlErrorPtr error) {
    struct guard *guard = guard_of(context);
    if (guard->first_error[0] || !error || !error->message) return;
    snprintf(guard->first_error, sizeof guard->first_error, "%s", error->message);
    guard->first_error_line = error->line;
}

static void set_error(char *error, size_t size, const char *message) {
    snprintf(error, size, "%s", message);
    /* One line: libxml2's messages end in a newline. */
    for (char *c = error; *c; c++)
        if (*c == '\n' || *c == '\r') *c = (c[1] ? ' ' : '\0');
}

mmio_xml_doc *mmio_xml_parse(const char *bytes, size_t length, char *error, size_t error_size, long *line) {
    *line = 0;
    pthread_once(&load_once, load);
    if (load_error[0]) {
        set_error(error, error_size, load_error);
        return NULL;
    }
    if (length > (size_t)0x7fffffff) {
        set_error(error, error_size, "too large for a register description");
        return NULL;
    }
    xmlParserCtxtPtr context = p_xmlCreateMemoryParserCtxt(bytes, (int)length);
    if (!context) {
        set_error(error, error_size, "libxml2 could not start a parse (out of memory?)");
        return NULL;
    }
    /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: nothing outside the bytes is
     * read and libxml2 keeps its limits. */
    p_xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                     XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    struct guard guard = {context->sax->startElementNs, 0, NULL, "", 0};
    context->_private = &guard;
    context->sax->internalSubset = refuse_doctype;
    context->sax->externalSubset = refuse_doctype;
    context->sax->entityDecl = refuse_entity;
    context->sax->resolveEntity = refuse_resolve;
    context->sax->startElementNs = count_element;
    context->sax->serror = record_error;

    p_xmlParseDocument(context);
    xmlDocPtr doc = context->myDoc;
    int well_formed = context->wellFormed;
    if (guard.refusal || !well_formed || !doc) {
        xmlErrorPtr last = p_xmlCtxtGetLastError(context);
        if (guard.refusal) {
            set_error(error, error_size, guard.refusal);
            *line = context->input ? context->input->line : 0;
        } else if (guard.first_error[0]) {
            set_error(error, error_size, guard.first_error);
            *line = guard.first_error_line;
        } else if (last && last->message) {
            set_error(error, error_size, last->message);
            *line = last->line;
        } else {
            set_error(error, error_size, "not well-formed XML");
        }
        if (doc) p_xmlFreeDoc(doc);
        p_xmlFreeParserCtxt(context);
        return NULL;
    }
    p_xmlFreeParserCtxt(context);
    mmio_xml_doc *result = malloc(sizeof *result);
    if (!result) {
        p_xmlFreeDoc(doc);
        set_error(error, error_size, "out of memory");
        return NULL;
    }
    result->doc = doc;
    return result;
}

void mmio_xml_free(mmio_xml_doc *doc) {
    if (!doc) return;
    p_xmlFreeDoc(doc->doc);
    free(doc);
}

#define NODE(n) ((xmlNodePtr)(n))

mmio_xml_node mmio_xml_root(const mmio_xml_doc *doc) {
    return (mmio_xml_node)p_xmlDocGetRootElement(doc->doc);
}

static mmio_xml_node element_from(xmlNodePtr node) {
    while (node && node->type != XML_ELEMENT_NODE) node = node->next;
    return (mmio_xml_node)node;
}

mmio_xml_node mmio_xml_first_element(mmio_xml_node node) { return element_from(NODE(node)->children); }
mmio_xml_node mmio_xml_next_element(mmio_xml_node node) { return element_from(NODE(node)->next); }
const char *mmio_xml_name(mmio_xml_node node) { return (const char *)NODE(node)->name; }

const char *mmio_xml_namespace(mmio_xml_node node) {
    return NODE(node)->ns ? (const char *)NODE(node)->ns->href : NULL;
}

long mmio_xml_line(mmio_xml_node node) { return p_xmlGetLineNo(NODE(node)); }

const char *mmio_xml_simple_text(mmio_xml_node node) {
    xmlNodePtr child = NODE(node)->children;
    if (!child) return "";
    if (child->next || child->type != XML_TEXT_NODE) return NULL;
    return child->content ? (const char *)child->content : "";
}

char *mmio_xml_copy_text(mmio_xml_node node) { return (char *)p_xmlNodeGetContent(NODE(node)); }

void mmio_xml_free_text(char *text) {
    if (text) (*p_xmlFree)(text);
}

char *mmio_xml_attribute(mmio_xml_node node, const char *name) {
    return (char *)p_xmlGetProp(NODE(node), (const xmlChar *)name);
}
