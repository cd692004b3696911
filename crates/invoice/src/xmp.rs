//! The Factur-X part of a PDF's XMP metadata: what kind of document the attached XML is, its
//! file name, version and profile (the `fx:` schema), and that schema's description, which
//! PDF/A asks of every schema outside its own list.

use lopdf::{Document, Object};

use crate::Error;

const FX_NS: &str = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#";

fn description() -> String {
    format!(
        r#"<rdf:Description rdf:about="" xmlns:fx="{FX_NS}"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>{}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>EN 16931</fx:ConformanceLevel></rdf:Description>"#,
        crate::cii::FILE_NAME
    )
}

fn property(name: &str, about: &str) -> String {
    format!(
        r#"<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{about}</pdfaProperty:description></rdf:li>"#
    )
}

fn schema() -> String {
    let props = [
        property("DocumentFileName", "The name of the embedded XML document"),
        property(
            "DocumentType",
            "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
        ),
        property(
            "Version",
            "The actual version of the standard applying to the embedded XML document",
        ),
        property(
            "ConformanceLevel",
            "The conformance level of the embedded XML document",
        ),
    ]
    .concat();
    format!(
        r#"<rdf:li rdf:parseType="Resource" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>{FX_NS}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property></rdf:li>"#
    )
}

/// The XMP packet `xmp` with the Factur-X description and its schema added.
pub(crate) fn with_facturx(xmp: &str) -> Option<String> {
    let mut out = xmp.to_string();
    let end = out.rfind("</rdf:RDF>")?;
    out.insert_str(end, &description());
    match out.find("<pdfaExtension:schemas>") {
        Some(at) => {
            let bag = at + out[at..].find("<rdf:Bag>")? + "<rdf:Bag>".len();
            out.insert_str(bag, &schema());
        }
        None => {
            let end = out.rfind("</rdf:RDF>")?;
            let block = format!(
                r#"<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"><pdfaExtension:schemas><rdf:Bag>{}</rdf:Bag></pdfaExtension:schemas></rdf:Description>"#,
                schema()
            );
            out.insert_str(end, &block);
        }
    }
    Some(out)
}

/// `pdf` with the Factur-X part added to its XMP metadata.
pub(crate) fn add_facturx(pdf: Vec<u8>) -> Result<Vec<u8>, Error> {
    let fail = |e: &dyn std::fmt::Display| Error::Pdf(format!("XMP metadata: {e}"));
    let mut doc = Document::load_mem(&pdf).map_err(|e| fail(&e))?;
    let id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|e| fail(&e))?;
    let stream = doc
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .map_err(|e| fail(&e))?;
    let xmp = stream.get_plain_content().map_err(|e| fail(&e))?;
    let xmp = String::from_utf8(xmp).map_err(|e| fail(&e))?;
    let xmp = with_facturx(&xmp).ok_or_else(|| fail(&"no RDF in the metadata"))?;
    // Metadata stays uncompressed, as PDF/A wants it.
    stream.set_plain_content(xmp.into_bytes());
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out).map_err(|e| fail(&e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_joins_an_existing_list_of_extensions() {
        let xmp = r#"<x:xmpmeta><rdf:RDF><rdf:Description rdf:about=""><pdfaExtension:schemas><rdf:Bag><rdf:li>a</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let out = with_facturx(xmp).unwrap();
        assert_eq!(out.matches("<pdfaExtension:schemas>").count(), 1);
        assert!(out.contains("<rdf:Bag><rdf:li rdf:parseType=\"Resource\" xmlns:pdfaSchema"));
        assert!(out.contains("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>"));
        let bare = with_facturx("<rdf:RDF></rdf:RDF>").unwrap();
        assert!(bare.contains("<pdfaExtension:schemas><rdf:Bag><rdf:li"));
    }
}
