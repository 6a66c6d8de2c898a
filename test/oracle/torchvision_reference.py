#!/usr/bin/env python3
"""Reference shapes for the installed torchvision model zoo.

Usage: torchvision_reference.py [--out test/oracle/golden/torchvision.json] [--only NAME ...]

Builds each factory below with weights=None, runs it in eval mode on a
random batch of two images (224x224; 299x299 for inception_v3) and records
its output shape, parameter count and per-layer records.  Positions refer to
the factory's own source file inside the installed torchvision package,
which is read in place.  Prints one line per model and the total time to
stderr.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the model directories clean
sys.path.insert(0, HERE)

import oracle_core  # noqa: E402

oracle_core.quiet_warnings()

import torch  # noqa: E402
import torchvision  # noqa: E402
import torchvision.models  # noqa: E402

FACTORIES = [
    "alexnet",
    "vgg16",
    "vgg16_bn",
    "resnet18",
    "resnet50",
    "resnext50_32x4d",
    "wide_resnet50_2",
    "squeezenet1_0",
    "squeezenet1_1",
    "densenet121",
    "googlenet",
    "inception_v3",
    "mobilenet_v2",
    "mobilenet_v3_large",
    "mobilenet_v3_small",
    "shufflenet_v2_x1_0",
    "mnasnet1_0",
    "efficientnet_b0",
    "regnet_y_400mf",
    "convnext_tiny",
    "vit_b_16",
    "swin_t",
]

INPUT_SHAPES = {"inception_v3": [2, 3, 299, 299]}
DEFAULT_INPUT = [2, 3, 224, 224]
DEFAULT_OUT = os.path.join(HERE, "golden", "torchvision.json")


def reference(factory_name):
    factory = getattr(torchvision.models, factory_name)
    model_file = sys.modules[factory.__module__].__file__
    shape = INPUT_SHAPES.get(factory_name, DEFAULT_INPUT)
    entry = {
        "factory": factory_name,
        "file": os.path.basename(model_file),
        "input": shape,
        "output": None,
        "params": None,
        "layers": [],
        "error": None,
    }
    recorder = oracle_core.Recorder(model_file)
    torch.manual_seed(0)
    try:
        model = factory(weights=None)
    except Exception as exc:  # noqa: BLE001
        entry["error"] = recorder.describe_construction_error(exc)
        return entry
    model.eval()
    torch.manual_seed(0)
    inputs = [torch.randn(shape)]
    output, error = recorder.run(model, inputs)
    entry["params"] = oracle_core.count_params(model)
    entry["layers"] = recorder.records
    if error is not None:
        entry["error"] = error
    else:
        entry.update(oracle_core.shape_fields(output))
    return entry


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="output JSON file")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these factories")
    args = parser.parse_args(argv)
    names = FACTORIES
    if args.only:
        unknown = [n for n in args.only if n not in FACTORIES]
        if unknown:
            parser.error("unknown factories: %s" % ", ".join(unknown))
        names = [n for n in FACTORIES if n in args.only]

    oracle_core.install_site_tracking()
    start = time.monotonic()
    models = []
    for name in names:
        t0 = time.monotonic()
        entry = reference(name)
        models.append(entry)
        status = ("ERROR %s: %s" % (entry["error"]["type"], entry["error"]["message"].splitlines()[0])
                  if entry["error"] else "-> %s" % (entry["output"],))
        print("%-20s %-24s %s params=%s layers=%d (%.1fs)" % (
            name, entry["file"], status, entry["params"], len(entry["layers"]), time.monotonic() - t0),
            file=sys.stderr)
    result = {
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "models": models,
    }
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    oracle_core.write_json(args.out, result)
    print("%d models in %.1fs -> %s" % (len(models), time.monotonic() - start, args.out), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
