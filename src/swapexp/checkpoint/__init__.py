"""Checkpoint I/O: lazy safetensors reader, streaming writer, architecture map."""

from swapexp.checkpoint.arch import ArchitectureSpec, DEFAULT_ARCH
from swapexp.checkpoint.reader import Checkpoint, TensorInfo
from swapexp.checkpoint.writer import StreamingWriter, atomic_output_dir

__all__ = [
    "ArchitectureSpec",
    "DEFAULT_ARCH",
    "Checkpoint",
    "TensorInfo",
    "StreamingWriter",
    "atomic_output_dir",
]
