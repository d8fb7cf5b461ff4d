"""Benchmark: a 24-megapixel camera JPEG into every rendition, CPU time and peak memory.

Each measurement runs in a fresh process, so its peak resident memory is its
own. The baseline, measured in the same run, is the obvious way: decode the
whole picture, then resize it to each rendition. Prints figures; asserts nothing.
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from django.core.files.storage import InMemoryStorage
from django.core.management.base import BaseCommand
from PIL import Image, ImageOps

from photos import intake, renditions


def camera_jpeg(path, width=6000, height=4000):
    """A camera-like JPEG: noise over a gradient, which compresses like a photo."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 40)
    picture = Image.merge("RGB", (gradient, noise, Image.blend(gradient, noise, 0.5)))
    exif = Image.Exif()
    exif[0x0112] = 1
    picture.save(path, "JPEG", quality=92, exif=exif)


def peak_resident_mb():
    """The process's peak resident memory since exec (VmHWM).

    Not ``ru_maxrss``: on Linux that survives exec, so a child would report the
    parent's peak (the parent drew a 6000x4000 picture to make the source file).
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class File:
    """Just enough of a FieldFile for ``renditions.make``."""

    def __init__(self, path):
        self.path = path

    def open(self, mode="rb"):
        return open(self.path, mode)  # noqa: SIM115 - closed by make()'s with block


def run_newsdesk(path):
    image = SimpleNamespace(image=File(path), rendition_key="bench0000000000", focal_point=None)
    made = renditions.make(image, storage=InMemoryStorage())
    return sum(len(items) for items in made["crops"].values()) * len(renditions.ENCODINGS)


def run_intake(path):
    """The door's checks before anything is stored: sniff, pixel limit, full decode, checksum."""
    with open(path, "rb") as file:
        intake.take(file, name=path.name if hasattr(path, "name") else str(path))
    return 0


def run_burst(path):
    """Four uploads at once of a small PNG declaring 49 megapixels (the pixel limit is 50)."""
    import threading

    from django.core.files.base import ContentFile

    data = Path(path).with_name("flat-49mp.png").read_bytes()

    def upload():
        checked = intake.take(ContentFile(data, name="flat.png"))
        image = SimpleNamespace(image=InMemoryFile(data), rendition_key="burst0000000000",
                                focal_point=None)
        renditions.make(image, storage=InMemoryStorage())
        return checked

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 4


class InMemoryFile:
    def __init__(self, data):
        self.data = data

    def open(self, mode="rb"):
        return io.BytesIO(self.data)


def run_naive(path):
    """Decode at full size, then resize the full picture for every rendition."""
    count = 0
    with Image.open(path) as source:
        picture = ImageOps.exif_transpose(source.convert("RGB"))
    for crop in renditions.CROPS.values():
        box = renditions.crop_box(picture.size, crop.ratio, None)
        box_width = box[2] - box[0]
        for width in renditions.widths_for(crop, box_width):
            height = round(width * (box[3] - box[1]) / box_width)
            resized = picture.resize((width, height), Image.Resampling.LANCZOS, box=box)
            for fmt, (pillow_format, options) in renditions.ENCODINGS.items():
                out = resized if fmt == "webp" else resized.convert("RGB")
                out.save(io.BytesIO(), pillow_format, **options)
                count += 1
    return count


class Command(BaseCommand):
    help = "Time a 24-megapixel JPEG into all its renditions, against the naive way."

    def add_arguments(self, parser):
        parser.add_argument(
            "--child", choices=["newsdesk", "naive", "intake", "burst"], help=argparse.SUPPRESS
        )
        parser.add_argument("--file", help=argparse.SUPPRESS)
        parser.add_argument("--repeat", type=int, default=3, help="runs of each (best is shown)")

    def handle(self, *args, child=None, file=None, repeat=3, **options):
        if child:
            return self.child(child, file)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "camera-6000x4000.jpg"
            camera_jpeg(path)
            # 160 KB of PNG that decodes to 196 MB: the shape of a decompression attack.
            Image.new("RGB", (7000, 7000), (120, 160, 200)).save(path.with_name("flat-49mp.png"))
            self.stdout.write(f"source: 6000x4000 JPEG, {path.stat().st_size / 2**20:.1f} MB")
            results = {}
            for way in ("intake", "newsdesk", "naive"):
                runs = [self.measure(way, path) for _ in range(repeat)]
                results[way] = min(runs, key=lambda r: r["cpu"])
                best = results[way]
                self.stdout.write(
                    f"{way:9} {best['files']:2d} files  CPU {best['cpu']:.2f} s  "
                    f"wall {best['wall']:.2f} s  peak memory {best['peak_mb']:.0f} MB "
                    f"(of which {best['startup_mb']:.0f} MB before the work began)"
                )
            burst = self.measure("burst", path)
        self.stdout.write(
            f"burst     4 uploads at once of a 49-megapixel PNG ({burst['cpu']:.1f} s CPU): "
            f"peak memory {burst['peak_mb']:.0f} MB"
        )
        ours, naive = results["newsdesk"], results["naive"]
        self.stdout.write(
            f"newsdesk / naive: CPU {ours['cpu'] / naive['cpu']:.2f}x, "
            f"peak memory {ours['peak_mb'] / naive['peak_mb']:.2f}x "
            f"(targets: under 3 s CPU, under 400 MB)"
        )

    def measure(self, way, path):
        output = subprocess.run(  # noqa: S603 - our own interpreter and command
            [sys.executable, sys.argv[0], "bench_photos", "--child", way, "--file", str(path)],
            check=True, capture_output=True, text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])

    def child(self, way, path):
        baseline = resource.getrusage(resource.RUSAGE_SELF)
        startup_mb = peak_resident_mb()
        started = time.perf_counter()
        run = {"newsdesk": run_newsdesk, "naive": run_naive, "intake": run_intake,
               "burst": run_burst}[way]
        files = run(path)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (usage.ru_utime - baseline.ru_utime) + (usage.ru_stime - baseline.ru_stime)
        self.stdout.write(json.dumps({
            "files": files, "cpu": cpu, "wall": wall, "peak_mb": peak_resident_mb(),
            "startup_mb": startup_mb,
        }))
