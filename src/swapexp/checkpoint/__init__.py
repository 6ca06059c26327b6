"""Checkpoint I/O: lazy safetensors reader, streaming writer, architecture map."""

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.checkpoint.host import HOST_FILES, copy_host_files
from swapexp.checkpoint.reader import Checkpoint, TensorInfo
from swapexp.checkpoint.writer import StreamingWriter, atomic_output_dir

__all__ = [
    "ArchitectureSpec",
    "DEFAULT_ARCH",
    "Checkpoint",
    "TensorInfo",
    "StreamingWriter",
    "atomic_output_dir",
    "copy_host_files",
    "HOST_FILES",
]
