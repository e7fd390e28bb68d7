import MMIOBasics
import MMIODescriptions
import MMIOTargets
import CLibPCI
import CPlatform
import CXMLReader

/// What `mmio --version` says: the version, the commit it was built from, and whether the
/// libraries mmio loads on first use can be loaded here (a missing one costs only the
/// targets or descriptions that need it).
public enum BuildInfo {
    public static let version = "0.1.0"

    /// The commit `make build` stamped into the binary; "unknown" in other builds.
    public static var commit: String { String(cString: mmio_build_commit()) }

    public static var text: String {
        let pci = mmio_pci_load_error().map { "cannot be loaded: " + String(cString: $0) }
            ?? "libpci.so.3 loads (PCI targets, list, info)"
        let xml = mmio_xml_load_error().map { "cannot be loaded: " + String(cString: $0) }
            ?? "libxml2.so.2 loads (SVD and IP-XACT descriptions)"
        return "mmio \(version)\ncommit:  \(commit)\nlibpci:  \(pci)\nlibxml2: \(xml)\n"
    }
}
