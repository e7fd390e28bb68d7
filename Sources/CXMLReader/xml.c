/* libxml2 through dlopen, its SAX2 parser building mmio's own compact tree: see mmio_xml.h. */
#include "mmio_xml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#define LIBXML_FUNCTIONS(X)                                                                     \
    X(xmlInitParser) X(xmlCreateMemoryParserCtxt) X(xmlCtxtUseOptions) X(xmlParseDocument)      \
    X(xmlFreeParserCtxt) X(xmlStopParser) X(xmlCtxtGetLastError) X(xmlFreeDoc)                  \
    X(xmlSetGenericErrorFunc) X(xmlSetStructuredErrorFunc)

#define DECLARE(name) static __typeof__(name) *p_##name;
LIBXML_FUNCTIONS(DECLARE)

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
    p_xmlInitParser();
    /* Nothing is ever printed by libxml2 itself: errors come back as mmio's own message. */
    p_xmlSetGenericErrorFunc(NULL, quiet);
    p_xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

/* --- The tree --------------------------------------------------------------------------- */

struct element {
    uint16_t name;              /* index in the names table */
    uint16_t namespace;         /* index in the names table, or NO_NAME */
    uint32_t first_child, next_sibling;
    uint32_t text, text_length; /* in text */
    uint32_t first_attribute;   /* index in attributes, or UINT32_MAX */
    uint32_t line;
};
#define NO_NAME UINT16_MAX

struct attribute {
    uint32_t name;              /* offset in names */
    uint32_t value, value_length; /* in text */
    uint32_t next;
};

struct mmio_xml_doc {
    struct element *elements;
    size_t element_count, element_capacity;
    struct attribute *attributes;
    size_t attribute_count, attribute_capacity;
    char *text;
    size_t text_length, text_capacity;
    /* Distinct names (element, attribute and namespace), each once: a few dozen in a file. */
    char *names;
    size_t names_length, names_capacity;
    const xmlChar *name_keys[512]; /* libxml2's interned pointer of each, while parsing */
    uint32_t name_offsets[512];
    uint32_t name_tags[512];
    size_t name_count;
    const char *const *vocabulary;
    size_t vocabulary_count;
    /* The last names seen, by libxml2's pointer: most elements repeat a name seen just before. */
    const xmlChar *recent_keys[64];
    uint32_t recent[64];
};

/* What the parse builds, and why mmio stopped it when it did. */
struct builder {
    mmio_xml_doc *doc;
    xmlParserCtxtPtr context;
    uint32_t stack[256];
    uint32_t last_child[256]; /* of each open element, to append the next one */
    int depth;
    const char *refusal;
    int out_of_memory;
    /* libxml2's first error: the one that says what is wrong (later ones follow from it). */
    char first_error[256];
    long first_error_line;
};

static int grow(void **buffer, size_t *capacity, size_t needed, size_t size) {
    if (needed <= *capacity) return 1;
    size_t next = *capacity ? *capacity : 256;
    while (next < needed) next *= 2;
    void *grown = realloc(*buffer, next * size);
    if (!grown) return 0;
    *buffer = grown;
    *capacity = next;
    return 1;
}

static void refuse(struct builder *builder, const char *why) {
    if (!builder->refusal) builder->refusal = why;
    p_xmlStopParser(builder->context);
}

static struct builder *builder_of(void *context) {
    return (struct builder *)((xmlParserCtxtPtr)context)->_private;
}

/* The index of `name` in the names table, adding it (and finding its tag) the first time. */
static uint32_t intern(struct builder *builder, const xmlChar *name) {
    mmio_xml_doc *doc = builder->doc;
    /* libxml2 interns names in its dictionary: the same name is the same pointer, almost always. */
    size_t slot = ((uintptr_t)name >> 4) & 63;
    if (doc->recent_keys[slot] == name) return doc->recent[slot];
    for (size_t i = 0; i < doc->name_count; i++)
        if (doc->name_keys[i] == name) {
            doc->recent_keys[slot] = name;
            doc->recent[slot] = (uint32_t)i;
            return (uint32_t)i;
        }
    for (size_t i = 0; i < doc->name_count; i++)
        if (strcmp((const char *)doc->name_keys[i], (const char *)name) == 0) return (uint32_t)i;
    size_t length = strlen((const char *)name) + 1;
    if (doc->name_count == sizeof doc->name_keys / sizeof doc->name_keys[0]) {
        refuse(builder, "more than 512 different element and attribute names");
        return 0;
    }
    if (!grow((void **)&doc->names, &doc->names_capacity, doc->names_length + length, 1)) {
        builder->out_of_memory = 1;
        refuse(builder, "out of memory");
        return 0;
    }
    uint32_t offset = (uint32_t)doc->names_length;
    memcpy(doc->names + offset, name, length);
    doc->names_length += length;
    uint32_t tag = MMIO_XML_NO_TAG;
    for (size_t i = 0; i < doc->vocabulary_count; i++)
        if (strcmp(doc->vocabulary[i], (const char *)name) == 0) tag = (uint32_t)i;
    doc->name_keys[doc->name_count] = name;
    doc->name_offsets[doc->name_count] = offset;
    doc->name_tags[doc->name_count] = tag;
    return (uint32_t)doc->name_count++;
}

static int append_text(struct builder *builder, const char *bytes, size_t length) {
    mmio_xml_doc *doc = builder->doc;
    if (doc->text_length + length > UINT32_MAX ||
        !grow((void **)&doc->text, &doc->text_capacity, doc->text_length + length, 1)) {
        builder->out_of_memory = 1;
        refuse(builder, "out of memory");
        return 0;
    }
    memcpy(doc->text + doc->text_length, bytes, length);
    doc->text_length += length;
    return 1;
}

static void start_element(void *context, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int namespace_count, const xmlChar **namespaces, int attribute_count,
                          int defaulted_count, const xmlChar **attributes) {
    (void)prefix; (void)namespace_count; (void)namespaces; (void)defaulted_count;
    struct builder *builder = builder_of(context);
    mmio_xml_doc *doc = builder->doc;
    if (builder->refusal) return;
    if (doc->element_count >= MMIO_XML_MAX_ELEMENTS) {
        refuse(builder, "more than 2000000 elements: too large for a register description");
        return;
    }
    if (builder->depth >= (int)(sizeof builder->stack / sizeof builder->stack[0])) {
        refuse(builder, "elements nested more than 256 deep");
        return;
    }
    if (!grow((void **)&doc->elements, &doc->element_capacity, doc->element_count + 1, sizeof *doc->elements)) {
        builder->out_of_memory = 1;
        refuse(builder, "out of memory");
        return;
    }
    uint32_t index = (uint32_t)doc->element_count++;
    struct element *element = &doc->elements[index];
    element->name = (uint16_t)intern(builder, localname);
    element->namespace = uri ? (uint16_t)intern(builder, uri) : NO_NAME;
    /* A refusal stops the parser, which frees the buffer the attributes point into: nothing
     * more may be read from them. */
    if (builder->refusal) return;
    element->first_child = element->next_sibling = UINT32_MAX;
    element->text = (uint32_t)doc->text_length;
    element->text_length = 0;
    element->first_attribute = UINT32_MAX;
    element->line = (uint32_t)builder->context->input->line;
    /* Attributes come as (localname, prefix, URI, value, end) quintuples. */
    for (int i = attribute_count - 1; i >= 0; i--) {
        const xmlChar **attribute = attributes + 5 * i;
        if (!grow((void **)&doc->attributes, &doc->attribute_capacity, doc->attribute_count + 1,
                  sizeof *doc->attributes)) {
            builder->out_of_memory = 1;
            refuse(builder, "out of memory");
            return;
        }
        uint32_t name = intern(builder, attribute[0]);
        if (builder->refusal) return;
        uint32_t value = (uint32_t)doc->text_length;
        size_t value_length = (size_t)(attribute[4] - attribute[3]);
        if (!append_text(builder, (const char *)attribute[3], value_length)) return;
        struct attribute *stored = &doc->attributes[doc->attribute_count];
        stored->name = doc->name_offsets[name];
        stored->value = value;
        stored->value_length = (uint32_t)value_length;
        stored->next = doc->elements[index].first_attribute;
        doc->elements[index].first_attribute = (uint32_t)doc->attribute_count++;
    }
    doc->elements[index].text = (uint32_t)doc->text_length;
    if (builder->depth > 0) {
        uint32_t *last = &builder->last_child[builder->depth - 1];
        if (*last == UINT32_MAX) doc->elements[builder->stack[builder->depth - 1]].first_child = index;
        else doc->elements[*last].next_sibling = index;
        *last = index;
    }
    builder->last_child[builder->depth] = UINT32_MAX;
    builder->stack[builder->depth++] = index;
}

static void end_element(void *context, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)localname; (void)prefix; (void)uri;
    struct builder *builder = builder_of(context);
    if (builder->depth > 0) builder->depth--;
}

/* Character data belongs to the open element while it has no child yet (descriptions have no
 * mixed content worth keeping). */
static void characters(void *context, const xmlChar *bytes, int length) {
    struct builder *builder = builder_of(context);
    if (builder->refusal || builder->depth == 0 || length <= 0) return;
    mmio_xml_doc *doc = builder->doc;
    struct element *element = &doc->elements[builder->stack[builder->depth - 1]];
    if (element->first_child != UINT32_MAX || element->text + element->text_length != doc->text_length) return;
    if (!append_text(builder, (const char *)bytes, (size_t)length)) return;
    doc->elements[builder->stack[builder->depth - 1]].text_length += (uint32_t)length;
}

static void refuse_doctype(void *context, const xmlChar *name, const xmlChar *external, const xmlChar *system) {
    (void)name; (void)external; (void)system;
    refuse(builder_of(context), "a DOCTYPE is not allowed in a register description (no DTD, no entities)");
}

static void refuse_entity(void *context, const xmlChar *name, int type, const xmlChar *public_id,
                          const xmlChar *system_id, xmlChar *content) {
    (void)name; (void)type; (void)public_id; (void)system_id; (void)content;
    refuse(builder_of(context), "an entity declaration is not allowed in a register description");
}

static xmlParserInputPtr refuse_resolve(void *context, const xmlChar *public_id, const xmlChar *system_id) {
    (void)public_id; (void)system_id;
    refuse(builder_of(context), "an external entity is not allowed in a register description");
    return NULL;
}

static xmlEntityPtr no_entity(void *context, const xmlChar *name) {
    (void)context; (void)name;
    return NULL;
}

static void record_error(void *context, xmlErrorPtr error) {
    struct builder *builder = builder_of(context);
    if (builder->first_error[0] || !error || !error->message) return;
    snprintf(builder->first_error, sizeof builder->first_error, "%s", error->message);
    builder->first_error_line = error->line;
}

static void set_error(char *error, size_t size, const char *message) {
    snprintf(error, size, "%s", message);
    /* One line: libxml2's messages end in a newline. */
    for (char *c = error; *c; c++)
        if (*c == '\n' || *c == '\r') *c = (c[1] ? ' ' : '\0');
}

void mmio_xml_free(mmio_xml_doc *doc) {
    if (!doc) return;
    free(doc->elements);
    free(doc->attributes);
    free(doc->text);
    free(doc->names);
    free(doc);
}

mmio_xml_doc *mmio_xml_parse(const char *bytes, size_t length, const char *const *vocabulary, size_t vocabulary_count,
                             char *error, size_t error_size, long *line) {
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
    mmio_xml_doc *doc = calloc(1, sizeof *doc);
    if (doc) {
        doc->vocabulary = vocabulary;
        doc->vocabulary_count = vocabulary_count;
        /* Room for what the bytes can hold, reserved once: pages never touched cost nothing, and
         * the arenas are not copied as they grow. Text never outgrows the document. */
        size_t elements = length / 8 + 16;
        if (elements > MMIO_XML_MAX_ELEMENTS) elements = MMIO_XML_MAX_ELEMENTS;
        grow((void **)&doc->elements, &doc->element_capacity, elements, sizeof *doc->elements);
        grow((void **)&doc->text, &doc->text_capacity, length + 1, 1);
    }
    xmlParserCtxtPtr context = doc ? p_xmlCreateMemoryParserCtxt(bytes, (int)length) : NULL;
    if (!context) {
        mmio_xml_free(doc);
        set_error(error, error_size, "libxml2 could not start a parse (out of memory?)");
        return NULL;
    }
    /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: nothing outside the bytes is
     * read and libxml2 keeps its limits. */
    p_xmlCtxtUseOptions(context, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS |
                                     XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
    struct builder builder = {.doc = doc, .context = context};
    context->_private = &builder;
    /* Only mmio's handlers: no libxml2 tree is built. */
    xmlSAXHandlerPtr sax = context->sax;
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = start_element;
    sax->endElementNs = end_element;
    sax->characters = characters;
    sax->cdataBlock = characters;
    sax->internalSubset = refuse_doctype;
    sax->externalSubset = refuse_doctype;
    sax->entityDecl = refuse_entity;
    sax->resolveEntity = refuse_resolve;
    sax->getEntity = no_entity;
    sax->getParameterEntity = no_entity;
    sax->serror = record_error;

    p_xmlParseDocument(context);
    int well_formed = context->wellFormed;
    if (builder.refusal || !well_formed || doc->element_count == 0) {
        if (builder.refusal) {
            set_error(error, error_size, builder.refusal);
            *line = context->input ? context->input->line : 0;
        } else if (builder.first_error[0]) {
            set_error(error, error_size, builder.first_error);
            *line = builder.first_error_line;
        } else {
            xmlErrorPtr last = p_xmlCtxtGetLastError(context);
            set_error(error, error_size, last && last->message ? last->message : "not well-formed XML");
            if (last) *line = last->line;
        }
        if (context->myDoc) p_xmlFreeDoc(context->myDoc);
        p_xmlFreeParserCtxt(context);
        mmio_xml_free(doc);
        return NULL;
    }
    if (context->myDoc) p_xmlFreeDoc(context->myDoc);
    p_xmlFreeParserCtxt(context);
    /* The keys pointed into libxml2's dictionary, and the vocabulary was the caller's. */
    memset(doc->name_keys, 0, sizeof doc->name_keys);
    memset(doc->recent_keys, 0, sizeof doc->recent_keys);
    doc->vocabulary = NULL;
    return doc;
}

mmio_xml_node mmio_xml_root(const mmio_xml_doc *doc) { return doc->element_count ? 0 : MMIO_XML_NONE; }

mmio_xml_node mmio_xml_first_child(const mmio_xml_doc *doc, mmio_xml_node node) {
    return doc->elements[node].first_child;
}

mmio_xml_node mmio_xml_next_sibling(const mmio_xml_doc *doc, mmio_xml_node node) {
    return doc->elements[node].next_sibling;
}

const char *mmio_xml_load_error(void) {
    pthread_once(&load_once, load);
    return load_error[0] ? load_error : NULL;
}

const char *mmio_xml_name(const mmio_xml_doc *doc, mmio_xml_node node) {
    return doc->names + doc->name_offsets[doc->elements[node].name];
}

const char *mmio_xml_namespace(const mmio_xml_doc *doc, mmio_xml_node node) {
    uint16_t name = doc->elements[node].namespace;
    return name == NO_NAME ? NULL : doc->names + doc->name_offsets[name];
}

uint32_t mmio_xml_tag(const mmio_xml_doc *doc, mmio_xml_node node) { return doc->name_tags[doc->elements[node].name]; }

long mmio_xml_line(const mmio_xml_doc *doc, mmio_xml_node node) { return doc->elements[node].line; }

const char *mmio_xml_text(const mmio_xml_doc *doc, mmio_xml_node node, size_t *length) {
    *length = doc->elements[node].text_length;
    return doc->text ? doc->text + doc->elements[node].text : "";
}

const char *mmio_xml_attribute(const mmio_xml_doc *doc, mmio_xml_node node, const char *name, size_t *length) {
    for (uint32_t i = doc->elements[node].first_attribute; i != UINT32_MAX; i = doc->attributes[i].next) {
        if (strcmp(doc->names + doc->attributes[i].name, name) == 0) {
            *length = doc->attributes[i].value_length;
            return doc->text + doc->attributes[i].value;
        }
    }
    return NULL;
}
