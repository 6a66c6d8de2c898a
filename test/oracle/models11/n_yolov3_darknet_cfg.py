"""YOLOv3 as built by eriklindernoren/PyTorch-YOLOv3 and ultralytics' early yolov3 from a parsed .cfg: a
hyperparams dict plus a list of module_defs dicts with string values ("batch_normalize", "filters", "size",
"stride", "activation", "from", "layers" as "-1, 36"), create_modules tracking output_filters and building
nn.Sequential blocks with add_module(f"conv_{module_i}", ...), EmptyLayer placeholders for route/shortcut, a custom
Upsample, and YOLOLayer decoding (view/permute, meshgrid grid, anchor_grid); Darwin forward keeps layer_outputs and
concatenates the yolo outputs. The cfg text is a scaled-down Darknet-53 with two detection scales."""
from itertools import chain

import torch
import torch.nn as nn
import torch.nn.functional as F


def make_darknet_cfg(width=8, num_classes=4, stages=(1, 2, 2, 2, 1)):
    """Writes the module definitions that parse_model_config would return for a yolov3-style cfg."""
    defs = [{"type": "net", "channels": "3", "height": "64", "width": "64"}]

    def conv(filters, size, stride=1, bn=1, act="leaky"):
        defs.append({"type": "convolutional", "batch_normalize": str(bn), "filters": str(filters),
                     "size": str(size), "stride": str(stride), "pad": "1", "activation": act})

    conv(width, 3)
    for i, n in enumerate(stages):
        conv(width * 2 ** (i + 1), 3, stride=2)
        for _ in range(n):
            conv(width * 2 ** i, 1)
            conv(width * 2 ** (i + 1), 3)
            defs.append({"type": "shortcut", "from": "-3", "activation": "linear"})
    route_index = len(defs) - 2 - 3 * stages[-1] - 1  # output of the last stride-16 stage
    top = width * 2 ** len(stages)
    # head at stride 32
    conv(top // 2, 1)
    conv(top, 3)
    conv(top // 2, 1)
    conv(top, 3)
    conv(3 * (num_classes + 5), 1, bn=0, act="linear")
    defs.append({"type": "yolo", "mask": "3,4,5", "anchors": "10,13, 16,30, 33,23, 30,61, 62,45, 59,119",
                 "classes": str(num_classes), "num": "6"})
    # route back, upsample and concatenate with the stride-16 feature map
    defs.append({"type": "route", "layers": "-4"})
    conv(top // 4, 1)
    defs.append({"type": "upsample", "stride": "2"})
    defs.append({"type": "route", "layers": "-1, %d" % route_index})
    conv(top // 4, 1)
    conv(top // 2, 3)
    conv(3 * (num_classes + 5), 1, bn=0, act="linear")
    defs.append({"type": "yolo", "mask": "0,1,2", "anchors": "10,13, 16,30, 33,23, 30,61, 62,45, 59,119",
                 "classes": str(num_classes), "num": "6"})
    return defs


def create_modules(module_defs):
    """
    Constructs module list of layer blocks from module configuration in module_defs
    """
    hyperparams = module_defs.pop(0)
    hyperparams.update({
        'batch': 16,
        'subdivisions': 1,
        'width': int(hyperparams['width']),
        'height': int(hyperparams['height']),
        'channels': int(hyperparams['channels']),
    })
    output_filters = [hyperparams["channels"]]
    module_list = nn.ModuleList()
    for module_i, module_def in enumerate(module_defs):
        modules = nn.Sequential()

        if module_def["type"] == "convolutional":
            bn = int(module_def["batch_normalize"])
            filters = int(module_def["filters"])
            kernel_size = int(module_def["size"])
            pad = (kernel_size - 1) // 2
            modules.add_module(
                f"conv_{module_i}",
                nn.Conv2d(
                    in_channels=output_filters[-1],
                    out_channels=filters,
                    kernel_size=kernel_size,
                    stride=int(module_def["stride"]),
                    padding=pad,
                    bias=not bn,
                ),
            )
            if bn:
                modules.add_module(f"batch_norm_{module_i}", nn.BatchNorm2d(filters, momentum=0.1, eps=1e-5))
            if module_def["activation"] == "leaky":
                modules.add_module(f"leaky_{module_i}", nn.LeakyReLU(0.1))
            elif module_def["activation"] == "mish":
                modules.add_module(f"mish_{module_i}", nn.Mish())

        elif module_def["type"] == "maxpool":
            kernel_size = int(module_def["size"])
            stride = int(module_def["stride"])
            if kernel_size == 2 and stride == 1:
                modules.add_module(f"_debug_padding_{module_i}", nn.ZeroPad2d((0, 1, 0, 1)))
            maxpool = nn.MaxPool2d(kernel_size=kernel_size, stride=stride, padding=int((kernel_size - 1) // 2))
            modules.add_module(f"maxpool_{module_i}", maxpool)

        elif module_def["type"] == "upsample":
            upsample = Upsample(scale_factor=int(module_def["stride"]), mode="nearest")
            modules.add_module(f"upsample_{module_i}", upsample)

        elif module_def["type"] == "route":
            layers = [int(x) for x in module_def["layers"].split(",")]
            filters = sum([output_filters[1:][i] for i in layers])
            modules.add_module(f"route_{module_i}", nn.Sequential())

        elif module_def["type"] == "shortcut":
            filters = output_filters[1:][int(module_def["from"])]
            modules.add_module(f"shortcut_{module_i}", nn.Sequential())

        elif module_def["type"] == "yolo":
            anchor_idxs = [int(x) for x in module_def["mask"].split(",")]
            # Extract anchors
            anchors = [int(x) for x in module_def["anchors"].split(",")]
            anchors = [(anchors[i], anchors[i + 1]) for i in range(0, len(anchors), 2)]
            anchors = [anchors[i] for i in anchor_idxs]
            num_classes = int(module_def["classes"])
            # Define detection layer
            yolo_layer = YOLOLayer(anchors, num_classes)
            modules.add_module(f"yolo_{module_i}", yolo_layer)
        # Register module list and number of output filters
        module_list.append(modules)
        output_filters.append(filters)

    return hyperparams, module_list


class Upsample(nn.Module):
    """ nn.Upsample is deprecated """

    def __init__(self, scale_factor, mode="nearest"):
        super(Upsample, self).__init__()
        self.scale_factor = scale_factor
        self.mode = mode

    def forward(self, x):
        x = F.interpolate(x, scale_factor=self.scale_factor, mode=self.mode)
        return x


class YOLOLayer(nn.Module):
    """Detection layer"""

    def __init__(self, anchors, num_classes):
        super(YOLOLayer, self).__init__()
        self.num_anchors = len(anchors)
        self.num_classes = num_classes
        self.mse_loss = nn.MSELoss()
        self.bce_loss = nn.BCELoss()
        self.no = num_classes + 5  # number of outputs per anchor
        self.grid = torch.zeros(1)  # TODO

        anchors = torch.tensor(list(chain(*anchors))).float().view(-1, 2)
        self.register_buffer('anchors', anchors)
        self.register_buffer(
            'anchor_grid', anchors.clone().view(1, -1, 1, 1, 2))
        self.stride = None

    def forward(self, x, img_size):
        stride = img_size // x.size(2)
        self.stride = stride
        bs, _, ny, nx = x.shape  # x(bs,255,20,20) to x(bs,3,20,20,85)
        x = x.view(bs, self.num_anchors, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()

        if not self.training:  # inference
            if self.grid.shape[2:4] != x.shape[2:4]:
                self.grid = self._make_grid(nx, ny).to(x.device)

            x[..., 0:2] = (x[..., 0:2].sigmoid() + self.grid) * stride  # xy
            x[..., 2:4] = torch.exp(x[..., 2:4]) * self.anchor_grid  # wh
            x[..., 4:] = x[..., 4:].sigmoid()
            x = x.view(bs, -1, self.no)

        return x

    @staticmethod
    def _make_grid(nx=20, ny=20):
        yv, xv = torch.meshgrid([torch.arange(ny), torch.arange(nx)], indexing='ij')
        return torch.stack((xv, yv), 2).view((1, 1, ny, nx, 2)).float()


class Darknet(nn.Module):
    """YOLOv3 object detection model"""

    def __init__(self, module_defs=None, img_size=64):
        super(Darknet, self).__init__()
        self.module_defs = module_defs if module_defs is not None else make_darknet_cfg()
        self.hyperparams, self.module_list = create_modules(self.module_defs)
        self.yolo_layers = [layer[0] for layer in self.module_list if isinstance(layer[0], YOLOLayer)]
        self.img_size = img_size
        self.seen = 0

    def forward(self, x):
        img_size = x.size(2)
        layer_outputs, yolo_outputs = [], []
        for i, (module_def, module) in enumerate(zip(self.module_defs, self.module_list)):
            if module_def["type"] in ["convolutional", "upsample", "maxpool"]:
                x = module(x)
            elif module_def["type"] == "route":
                combined_outputs = torch.cat([layer_outputs[int(layer_i)] for layer_i in module_def["layers"].split(",")], 1)
                group_size = combined_outputs.shape[1] // int(module_def.get("groups", 1))
                group_id = int(module_def.get("group_id", 0))
                x = combined_outputs[:, group_size * group_id: group_size * (group_id + 1)]  # Slice groupings used by yolo v4
            elif module_def["type"] == "shortcut":
                layer_i = int(module_def["from"])
                x = layer_outputs[-1] + layer_outputs[layer_i]
            elif module_def["type"] == "yolo":
                x = module[0](x, img_size)
                yolo_outputs.append(x)
            layer_outputs.append(x)
        return yolo_outputs if self.training else torch.cat(yolo_outputs, 1)


# shapelint: input=(2, 3, 64, 64)
def yolov3_darknet53_lite():
    return Darknet(make_darknet_cfg(width=8, num_classes=4, stages=(1, 2, 2, 2, 1)))


# shapelint: input=(1, 3, 96, 96)
def yolov3_darknet_narrow():
    return Darknet(make_darknet_cfg(width=4, num_classes=2, stages=(1, 1, 1, 1, 1)), img_size=96)
