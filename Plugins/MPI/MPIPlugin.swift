// libKerasMPI.so: SwiftKeras's communicator on MPI (Open MPI from Debian's libopenmpi-dev),
// built as an outside author would: KerasPluginKit and the MPI library, never the core.
//
// The image links libmpi, so it loads only where MPI is installed. Loading it starts nothing:
// every SwiftKeras process opens every plugin, and MPI_Init runs only in `initialize`, when a
// distribution is used (`Distribution.set(DataParallel())`, `--distribute data-parallel`).
import CMPI
import KerasPluginKit

/// The entry point SwiftKeras looks up: hands the plugin's descriptor to the host.
@_cdecl("keras_plugin_entry")
public func kerasPluginEntry(_ host: UnsafePointer<keras_host_api>?) -> UnsafePointer<keras_plugin_descriptor>? {
    mpiPlugin.export(host)
}

let mpiPlugin = CommunicatorPlugin(
    name: "KerasMPI", version: "1.0.0", communicatorName: "mpi", communicator: MPICommunicator(),
    attributes: {
        let (major, minor) = MPICommunicator.standardVersion
        return [("mpi.library", MPICommunicator.libraryVersion), ("mpi.standard", "\(major).\(minor)")]
    })
