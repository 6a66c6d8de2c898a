"""Mask R-CNN / Faster R-CNN heads in torchvision's style (detection/mask_rcnn.py, faster_rcnn.py, rpn.py), with
the box/mask pooling done explicitly by torchvision.ops.roi_align on fixed proposal boxes: MaskRCNNHeads as an
OrderedDict of mask_fcn{i} convs, MaskRCNNPredictor (ConvTranspose2d 2x + 1x1 mask_fcn_logits), TwoMLPHead
(flatten(start_dim=1) + fc6/fc7), FastRCNNPredictor (cls_score / bbox_pred with a dim-4 check), an RPNHead run over
a list of FPN levels returning per-level lists, and the common fine-tuning recipe that swaps the predictors."""
from collections import OrderedDict
from typing import List

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.ops import roi_align, MultiScaleRoIAlign


class RPNHead(nn.Module):
    def __init__(self, in_channels: int, num_anchors: int, conv_depth=1) -> None:
        super().__init__()
        convs = []
        for _ in range(conv_depth):
            convs.append(nn.Sequential(nn.Conv2d(in_channels, in_channels, kernel_size=3, padding=1), nn.ReLU(inplace=True)))
        self.conv = nn.Sequential(*convs)
        self.cls_logits = nn.Conv2d(in_channels, num_anchors, kernel_size=1, stride=1)
        self.bbox_pred = nn.Conv2d(in_channels, num_anchors * 4, kernel_size=1, stride=1)

        for layer in self.modules():
            if isinstance(layer, nn.Conv2d):
                torch.nn.init.normal_(layer.weight, std=0.01)
                if layer.bias is not None:
                    torch.nn.init.constant_(layer.bias, 0)

    def forward(self, x: List[torch.Tensor]):
        logits = []
        bbox_reg = []
        for feature in x:
            t = self.conv(feature)
            logits.append(self.cls_logits(t))
            bbox_reg.append(self.bbox_pred(t))
        return logits, bbox_reg


def permute_and_flatten(layer, N, A, C, H, W):
    layer = layer.view(N, -1, C, H, W)
    layer = layer.permute(0, 3, 4, 1, 2)
    layer = layer.reshape(N, -1, C)
    return layer


def concat_box_prediction_layers(box_cls, box_regression):
    box_cls_flattened = []
    box_regression_flattened = []
    for box_cls_per_level, box_regression_per_level in zip(box_cls, box_regression):
        N, AxC, H, W = box_cls_per_level.shape
        Ax4 = box_regression_per_level.shape[1]
        A = Ax4 // 4
        C = AxC // A
        box_cls_per_level = permute_and_flatten(box_cls_per_level, N, A, C, H, W)
        box_cls_flattened.append(box_cls_per_level)

        box_regression_per_level = permute_and_flatten(box_regression_per_level, N, A, 4, H, W)
        box_regression_flattened.append(box_regression_per_level)
    box_cls = torch.cat(box_cls_flattened, dim=1).flatten(0, -2)
    box_regression = torch.cat(box_regression_flattened, dim=1).reshape(-1, 4)
    return box_cls, box_regression


class TwoMLPHead(nn.Module):
    def __init__(self, in_channels, representation_size):
        super().__init__()
        self.fc6 = nn.Linear(in_channels, representation_size)
        self.fc7 = nn.Linear(representation_size, representation_size)

    def forward(self, x):
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc6(x))
        x = F.relu(self.fc7(x))
        return x


class FastRCNNPredictor(nn.Module):
    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.cls_score = nn.Linear(in_channels, num_classes)
        self.bbox_pred = nn.Linear(in_channels, num_classes * 4)

    def forward(self, x):
        if x.dim() == 4:
            torch._assert(
                list(x.shape[2:]) == [1, 1],
                f"x has the wrong shape, expecting the last two dimensions to be [1,1] instead of {list(x.shape[2:])}",
            )
        x = x.flatten(1)
        scores = self.cls_score(x)
        bbox_deltas = self.bbox_pred(x)
        return scores, bbox_deltas


class MaskRCNNHeads(nn.Sequential):
    def __init__(self, in_channels, layers, dilation):
        d = OrderedDict()
        next_feature = in_channels
        for layer_idx, layer_features in enumerate(layers, 1):
            d[f"mask_fcn{layer_idx}"] = nn.Conv2d(next_feature, layer_features, kernel_size=3, stride=1,
                                                  padding=dilation, dilation=dilation)
            d[f"relu{layer_idx}"] = nn.ReLU(inplace=True)
            next_feature = layer_features
        super().__init__(d)
        for name, param in self.named_parameters():
            if "weight" in name:
                nn.init.kaiming_normal_(param, mode="fan_out", nonlinearity="relu")


class MaskRCNNPredictor(nn.Sequential):
    def __init__(self, in_channels, dim_reduced, num_classes):
        super().__init__(
            OrderedDict(
                [
                    ("conv5_mask", nn.ConvTranspose2d(in_channels, dim_reduced, 2, 2, 0)),
                    ("relu", nn.ReLU(inplace=True)),
                    ("mask_fcn_logits", nn.Conv2d(dim_reduced, num_classes, 1, 1, 0)),
                ]
            )
        )


# shapelint: input=((2, 32, 32, 32), (2, 32, 16, 16), (2, 32, 8, 8))
class RoIHeadsFPN(nn.Module):
    """Box and mask branches over three FPN levels (strides 4, 8, 16 for a 128x128 image)."""

    def __init__(self, out_channels=32, num_classes=5, num_anchors=3):
        super().__init__()
        self.rpn_head = RPNHead(out_channels, num_anchors)
        resolution = 7
        representation_size = 64
        self.box_head = TwoMLPHead(out_channels * resolution ** 2, representation_size)
        self.box_predictor = FastRCNNPredictor(representation_size, num_classes)
        self.mask_head = MaskRCNNHeads(out_channels, (32, 32, 32, 32), 1)
        self.mask_predictor = MaskRCNNPredictor(32, 32, num_classes)
        self.spatial_scales = [1 / 4, 1 / 8, 1 / 16]
        # fixed proposals (batch index, x1, y1, x2, y2) on the 128x128 image
        self.register_buffer("proposals", torch.tensor([
            [0, 4.0, 4.0, 60.0, 60.0],
            [0, 30.0, 10.0, 120.0, 90.0],
            [1, 0.0, 0.0, 127.0, 127.0],
            [1, 64.0, 64.0, 100.0, 110.0],
            [1, 10.0, 50.0, 40.0, 70.0],
        ]))

    def forward(self, p2, p3, p4):
        features = [p2, p3, p4]
        objectness, pred_bbox_deltas = self.rpn_head(features)
        objectness, pred_bbox_deltas = concat_box_prediction_layers(objectness, pred_bbox_deltas)

        # level mapping collapsed: pool every proposal from all three levels and average
        box_feats = [roi_align(f, self.proposals, output_size=7, spatial_scale=s, sampling_ratio=2, aligned=True)
                     for f, s in zip(features, self.spatial_scales)]
        box_features = torch.stack(box_feats, dim=0).mean(0)
        box_features = self.box_head(box_features)
        class_logits, box_regression = self.box_predictor(box_features)

        mask_features = roi_align(p2, self.proposals, (14, 14), self.spatial_scales[0], 2)
        mask_features = self.mask_head(mask_features)
        mask_logits = self.mask_predictor(mask_features)

        labels = class_logits.argmax(dim=1)
        index = torch.arange(mask_logits.shape[0], device=labels.device)
        mask_prob = mask_logits[index, labels][:, None].sigmoid()
        return class_logits, box_regression.reshape(-1, class_logits.shape[-1], 4), mask_prob, objectness


# shapelint: input=((3, 256, 7, 7))
def finetune_box_predictor():
    """torchvision detection fine-tuning tutorial: replace the predictor, keep the representation head."""
    box_head = TwoMLPHead(256 * 7 * 7, 1024)
    in_features = box_head.fc7.out_features
    num_classes = 2  # 1 class (person) + background

    class BoxBranch(nn.Module):
        def __init__(self):
            super().__init__()
            self.box_head = box_head
            self.box_predictor = FastRCNNPredictor(in_features, num_classes)

        def forward(self, box_features):
            return self.box_predictor(self.box_head(box_features))

    return BoxBranch()


# shapelint: input=((2, 16, 32, 32), (2, 16, 16, 16))
class MultiScalePooler(nn.Module):
    """torchvision's MultiScaleRoIAlign used directly with an OrderedDict of features and per-image box lists."""

    def __init__(self):
        super().__init__()
        self.pooler = MultiScaleRoIAlign(featmap_names=["0", "1"], output_size=7, sampling_ratio=2)
        self.head = TwoMLPHead(16 * 7 * 7, 32)
        self.predictor = FastRCNNPredictor(32, 3)

    def forward(self, f0, f1):
        features = OrderedDict([("0", f0), ("1", f1)])
        boxes = [torch.tensor([[0.0, 0.0, 50.0, 50.0], [10.0, 20.0, 100.0, 120.0]]),
                 torch.tensor([[5.0, 5.0, 30.0, 60.0]])]
        image_shapes = [(128, 128), (128, 128)]
        pooled = self.pooler(features, boxes, image_shapes)
        return self.predictor(self.head(pooled))
