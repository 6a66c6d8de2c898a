"""A RetinaNet-lite (Lin et al., 2017): three-stage conv backbone, FPN with top-down F.interpolate(size=...) and P6/P7 from strided convs, shared class/box subnets looped over levels, per-level outputs permuted to (b, -1, k) and concatenated."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(inp, oup, stride):
    return nn.Sequential(
        nn.Conv2d(inp, oup, 3, stride, 1, bias=False),
        nn.BatchNorm2d(oup),
        nn.ReLU(inplace=True),
    )


class Backbone(nn.Module):
    def __init__(self, widths=(16, 32, 48, 64)):
        super().__init__()
        self.stem = conv_bn(3, widths[0], 2)
        self.layer1 = nn.Sequential(conv_bn(widths[0], widths[1], 2), conv_bn(widths[1], widths[1], 1))
        self.layer2 = nn.Sequential(conv_bn(widths[1], widths[2], 2), conv_bn(widths[2], widths[2], 1))
        self.layer3 = nn.Sequential(conv_bn(widths[2], widths[3], 2), conv_bn(widths[3], widths[3], 1))

    def forward(self, x):
        x = self.stem(x)
        c3 = self.layer1(x)
        c4 = self.layer2(c3)
        c5 = self.layer3(c4)
        return c3, c4, c5


class PyramidFeatures(nn.Module):
    def __init__(self, C3_size, C4_size, C5_size, feature_size=32):
        super(PyramidFeatures, self).__init__()
        self.P5_1 = nn.Conv2d(C5_size, feature_size, kernel_size=1, stride=1, padding=0)
        self.P5_2 = nn.Conv2d(feature_size, feature_size, kernel_size=3, stride=1, padding=1)
        self.P4_1 = nn.Conv2d(C4_size, feature_size, kernel_size=1, stride=1, padding=0)
        self.P4_2 = nn.Conv2d(feature_size, feature_size, kernel_size=3, stride=1, padding=1)
        self.P3_1 = nn.Conv2d(C3_size, feature_size, kernel_size=1, stride=1, padding=0)
        self.P3_2 = nn.Conv2d(feature_size, feature_size, kernel_size=3, stride=1, padding=1)
        self.P6 = nn.Conv2d(C5_size, feature_size, kernel_size=3, stride=2, padding=1)
        self.P7_1 = nn.ReLU()
        self.P7_2 = nn.Conv2d(feature_size, feature_size, kernel_size=3, stride=2, padding=1)

    def forward(self, inputs):
        C3, C4, C5 = inputs

        P5_x = self.P5_1(C5)
        P5_upsampled_x = F.interpolate(P5_x, size=C4.shape[-2:], mode="nearest")
        P5_x = self.P5_2(P5_x)

        P4_x = self.P4_1(C4)
        P4_x = P5_upsampled_x + P4_x
        P4_upsampled_x = F.interpolate(P4_x, size=C3.shape[-2:], mode="nearest")
        P4_x = self.P4_2(P4_x)

        P3_x = self.P3_1(C3)
        P3_x = P3_x + P4_upsampled_x
        P3_x = self.P3_2(P3_x)

        P6_x = self.P6(C5)
        P7_x = self.P7_1(P6_x)
        P7_x = self.P7_2(P7_x)
        return [P3_x, P4_x, P5_x, P6_x, P7_x]


class RetinaHead(nn.Module):
    def __init__(self, in_channels, num_anchors, num_classes, num_convs=2, prior_prob=0.01):
        super().__init__()
        self.num_classes = num_classes
        cls_subnet = []
        bbox_subnet = []
        for _ in range(num_convs):
            cls_subnet.append(nn.Conv2d(in_channels, in_channels, kernel_size=3, stride=1, padding=1))
            cls_subnet.append(nn.ReLU())
            bbox_subnet.append(nn.Conv2d(in_channels, in_channels, kernel_size=3, stride=1, padding=1))
            bbox_subnet.append(nn.ReLU())
        self.cls_subnet = nn.Sequential(*cls_subnet)
        self.bbox_subnet = nn.Sequential(*bbox_subnet)
        self.cls_score = nn.Conv2d(in_channels, num_anchors * num_classes, kernel_size=3, stride=1, padding=1)
        self.bbox_pred = nn.Conv2d(in_channels, num_anchors * 4, kernel_size=3, stride=1, padding=1)

        bias_value = -math.log((1 - prior_prob) / prior_prob)
        torch.nn.init.constant_(self.cls_score.bias, bias_value)

    def forward(self, features):
        logits = []
        bbox_reg = []
        for feature in features:
            logits.append(self.cls_score(self.cls_subnet(feature)))
            bbox_reg.append(self.bbox_pred(self.bbox_subnet(feature)))
        return logits, bbox_reg


# shapelint: input=(2, 3, 64, 64)
class RetinaNet(nn.Module):
    def __init__(self, num_classes=8, num_anchors=9, fpn_dim=32):
        super().__init__()
        self.num_classes = num_classes
        self.backbone = Backbone()
        self.fpn = PyramidFeatures(32, 48, 64, feature_size=fpn_dim)
        self.head = RetinaHead(fpn_dim, num_anchors, num_classes)

    def forward(self, images):
        b = images.shape[0]
        features = self.fpn(self.backbone(images))
        pred_logits, pred_anchor_deltas = self.head(features)
        pred_logits = [h.permute(0, 2, 3, 1).reshape(b, -1, self.num_classes) for h in pred_logits]
        pred_anchor_deltas = [h.permute(0, 2, 3, 1).reshape(b, -1, 4) for h in pred_anchor_deltas]
        return torch.cat(pred_logits, dim=1), torch.cat(pred_anchor_deltas, dim=1)
