"""Checks a Factur-X PDF as an accountant's software would, and prints what it found as JSON.

    facturx_check.py FILE.pdf

- PyPI's factur-x finds the XML inside the PDF, checks it against the Factur-X XSD (profile
  EN 16931) and against the profile's business rules (the schematron, an XSLT run by a Saxon
  server: factur-x posts it there and skips the check silently when no server answers, so one is
  started here, made of PyPI's saxonche, with the rules' code lists read from factur-x's own
  copy; an unanswered check is an error here).
- qpdf checks the PDF's structure and shows the catalog: its XMP metadata, its /AF (associated
  files) and the embedded file's /AFRelationship.
- pypdf extracts the text of the pages.

    facturx_check.py serve PORT

is the Saxon server: POST /transform with the multipart fields `xml` and `xsl` answers the
transformation's result (what factur-x's xml_check_schematron expects).
"""

import base64
import email.parser
import email.policy
import json
import os
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer


def serve(port):
    from saxonche import PySaxonProcessor

    proc = PySaxonProcessor(license=False)

    class Transform(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            head = b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n"
            msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(head + body)
            fields = {
                p.get_param("name", header="content-disposition"): p.get_content()
                for p in msg.iter_parts()
            }
            try:
                xslt = proc.new_xslt30_processor()
                xslt.set_cwd(os.getcwd())
                exe = xslt.compile_stylesheet(stylesheet_text=fields["xsl"])
                node = proc.parse_xml(xml_text=fields["xml"])
                out = exe.transform_to_string(xdm_node=node).encode("utf-8")
                self.send_response(200)
            except Exception as e:  # the client reports it
                out = str(e).encode("utf-8")
                self.send_response(500)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args):
            pass

    HTTPServer(("127.0.0.1", port), Transform).serve_forever()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def qpdf_json(path):
    out = subprocess.run(
        ["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", path],
        capture_output=True,
        check=True,
    ).stdout
    doc = json.loads(out)["qpdf"]
    trailer = doc[1]["trailer"]["value"]
    objects = {k[4:]: v for k, v in doc[1].items() if k.startswith("obj:")}
    return trailer, objects


def deref(objects, value):
    if isinstance(value, str) and value.endswith(" R"):
        return objects[value]
    return {"value": value}


def check(path):
    import facturx
    from lxml import etree
    from pypdf import PdfReader

    found = {}
    with open(path, "rb") as f:
        pdf = f.read()
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    found["file_name"] = name
    found["xml"] = xml.decode("utf-8") if xml else None
    root = etree.fromstring(xml)
    found["flavor"] = facturx.get_flavor(root)
    found["level"] = facturx.get_level(root, found["flavor"])
    try:
        facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
        found["xsd"] = "ok"
    except Exception as e:
        found["xsd"] = str(e)

    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "serve", str(port)])
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        codedb = os.path.join(os.path.dirname(facturx.__file__), "xsd_and_schematron", "facturx-en16931")
        try:
            facturx.xml_check_schematron(
                xml,
                flavor="factur-x",
                level="en16931",
                saxon_server_url=f"http://127.0.0.1:{port}/transform",
                saxon_server_codedb_dir=codedb,
                saxon_server_raise_if_http_error=True,
            )
            found["schematron"] = "ok"
        except Exception as e:
            found["schematron"] = str(e)
    finally:
        server.kill()
        server.wait()

    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    found["qpdf_check"] = "ok" if r.returncode == 0 else (r.stdout + r.stderr)
    trailer, objects = qpdf_json(path)
    catalog = deref(objects, trailer["/Root"])["value"]
    meta = deref(objects, catalog["/Metadata"])
    found["xmp"] = base64.b64decode(meta["stream"]["data"]).decode("utf-8")
    af = deref(objects, catalog.get("/AF", []))["value"]
    files = []
    for spec in af:
        spec = deref(objects, spec)["value"]
        files.append(
            {
                "name": spec.get("/UF", spec.get("/F", "")),
                "relationship": spec.get("/AFRelationship"),
                "subtype": deref(objects, spec["/EF"]["/F"])["stream"]["dict"].get("/Subtype"),
            }
        )
    found["associated_files"] = files
    found["pdf_version"] = pdf[:8].decode("latin-1")
    found["text"] = "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
    return found


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) == 2:
        print(json.dumps(check(sys.argv[1])))
    else:
        sys.exit(__doc__)
