"""YOLOv3-tiny written out by hand in the style of eriklindernoren/PyTorch-YOLOv3 (models.py): conv blocks named like create_modules names them (batch_norm_i, leaky_i), the size-2 stride-1 maxpool preceded by nn.ZeroPad2d((0, 1, 0, 1)), a route concatenating the upsampled branch with the stride-16 feature map, and YOLOLayer reshaping (bs, na*(5+C), ny, nx) with x.view(bs, self.num_anchors, self.no, ny, nx).permute(0, 1, 3, 4, 2), decoding boxes in place with a meshgrid grid and an anchor_grid buffer, and flattening to (bs, -1, no) for torch.cat over the two scales; widths halved."""
import torch
import torch.nn as nn


def conv_block(module_i, in_channels, filters, kernel_size, stride=1, bn=True, activation="leaky"):
    modules = nn.Sequential()
    pad = (kernel_size - 1) // 2
    modules.add_module(
        f"conv_{module_i}",
        nn.Conv2d(
            in_channels=in_channels,
            out_channels=filters,
            kernel_size=kernel_size,
            stride=stride,
            padding=pad,
            bias=not bn,
        ),
    )
    if bn:
        modules.add_module(f"batch_norm_{module_i}",
                           nn.BatchNorm2d(filters, momentum=0.1, eps=1e-5))
    if activation == "leaky":
        modules.add_module(f"leaky_{module_i}", nn.LeakyReLU(0.1))
    return modules


def maxpool_block(module_i, kernel_size, stride):
    modules = nn.Sequential()
    if kernel_size == 2 and stride == 1:
        modules.add_module(f"_debug_padding_{module_i}", nn.ZeroPad2d((0, 1, 0, 1)))
    maxpool = nn.MaxPool2d(kernel_size=kernel_size, stride=stride, padding=int((kernel_size - 1) // 2))
    modules.add_module(f"maxpool_{module_i}", maxpool)
    return modules


class Upsample(nn.Module):
    """ nn.Upsample is deprecated """

    def __init__(self, scale_factor, mode: str = "nearest"):
        super(Upsample, self).__init__()
        self.scale_factor = scale_factor
        self.mode = mode

    def forward(self, x):
        x = nn.functional.interpolate(x, scale_factor=self.scale_factor, mode=self.mode)
        return x


class YOLOLayer(nn.Module):
    """Detection layer"""

    def __init__(self, anchors, num_classes: int):
        super(YOLOLayer, self).__init__()
        self.num_anchors = len(anchors)
        self.num_classes = num_classes
        self.no = num_classes + 5  # number of outputs per anchor
        self.grid = torch.zeros(1)  # TODO

        anchors = torch.tensor(list(anchors)).float().view(-1, 2)
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
    def _make_grid(nx: int = 20, ny: int = 20):
        yv, xv = torch.meshgrid([torch.arange(ny), torch.arange(nx)], indexing='ij')
        return torch.stack((xv, yv), 2).view((1, 1, ny, nx, 2)).float()


# shapelint: input=(2, 3, 256, 256)
class YOLOv3Tiny(nn.Module):
    def __init__(self, num_classes=80):
        super(YOLOv3Tiny, self).__init__()
        anchors = [(10, 14), (23, 27), (37, 58), (81, 82), (135, 169), (344, 319)]
        out_filters = 3 * (num_classes + 5)
        self.backbone = nn.ModuleList([
            conv_block(0, 3, 8, 3),
            maxpool_block(1, 2, 2),
            conv_block(2, 8, 16, 3),
            maxpool_block(3, 2, 2),
            conv_block(4, 16, 32, 3),
            maxpool_block(5, 2, 2),
            conv_block(6, 32, 64, 3),
            maxpool_block(7, 2, 2),
            conv_block(8, 64, 128, 3),      # route target, stride 16
            maxpool_block(9, 2, 2),
            conv_block(10, 128, 256, 3),
            maxpool_block(11, 2, 1),
            conv_block(12, 256, 512, 3),
            conv_block(13, 512, 128, 1),    # route target
        ])
        self.head_large = nn.Sequential(
            conv_block(14, 128, 256, 3),
            conv_block(15, 256, out_filters, 1, bn=False, activation="linear"),
        )
        self.yolo_large = YOLOLayer(anchors[3:], num_classes)
        self.route_conv = conv_block(18, 128, 64, 1)
        self.upsample = Upsample(scale_factor=2)
        self.head_small = nn.Sequential(
            conv_block(21, 64 + 128, 128, 3),
            conv_block(22, 128, out_filters, 1, bn=False, activation="linear"),
        )
        self.yolo_small = YOLOLayer(anchors[:3], num_classes)
        self.yolo_layers = [self.yolo_large, self.yolo_small]

    def forward(self, x):
        img_size = x.size(2)
        layer_outputs, yolo_outputs = [], []
        for module in self.backbone:
            x = module(x)
            layer_outputs.append(x)
        route_8 = layer_outputs[8]
        route_13 = layer_outputs[13]

        yolo_outputs.append(self.yolo_large(self.head_large(route_13), img_size))

        x = self.upsample(self.route_conv(route_13))
        x = torch.cat([x, route_8], 1)
        yolo_outputs.append(self.yolo_small(self.head_small(x), img_size))
        return yolo_outputs if self.training else torch.cat(yolo_outputs, 1)


# shapelint: input=(1, 3, 320, 416)
def yolov3_tiny_voc():
    return YOLOv3Tiny(num_classes=20)
