"""Mask R-CNN-style pieces on a torchvision resnet18(): IntermediateLayerGetter returning an OrderedDict of C2-C5, an FPN written like torchvision.ops.FeaturePyramidNetwork (inner_blocks/layer_blocks ModuleLists, top-down F.interpolate(last_inner, size=feat_shape, mode="nearest") so odd sizes work, LastLevelMaxPool adding "pool" via F.max_pool2d(x, 1, 2, 0)), a Panoptic-FPN semantic head that upsamples every level to stride 4 and sums, and the Mask R-CNN mask head (four 3x3 convs, ConvTranspose2d 2x2 stride 2, 1x1 mask logits) run on RoI-aligned 14x14 features."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models._utils import IntermediateLayerGetter


class LastLevelMaxPool(nn.Module):
    def forward(self, x, names):
        names.append("pool")
        x.append(F.max_pool2d(x[-1], 1, 2, 0))
        return x, names


class FeaturePyramidNetwork(nn.Module):
    def __init__(self, in_channels_list, out_channels, extra_blocks=None):
        super().__init__()
        self.inner_blocks = nn.ModuleList()
        self.layer_blocks = nn.ModuleList()
        for in_channels in in_channels_list:
            if in_channels == 0:
                raise ValueError("in_channels=0 is currently not supported")
            inner_block_module = nn.Conv2d(in_channels, out_channels, 1)
            layer_block_module = nn.Conv2d(out_channels, out_channels, 3, padding=1)
            self.inner_blocks.append(inner_block_module)
            self.layer_blocks.append(layer_block_module)
        self.extra_blocks = extra_blocks

    def forward(self, x):
        # unpack OrderedDict into two lists for easier handling
        names = list(x.keys())
        x = list(x.values())

        last_inner = self.inner_blocks[-1](x[-1])
        results = []
        results.append(self.layer_blocks[-1](last_inner))

        for idx in range(len(x) - 2, -1, -1):
            inner_lateral = self.inner_blocks[idx](x[idx])
            feat_shape = inner_lateral.shape[-2:]
            inner_top_down = F.interpolate(last_inner, size=feat_shape, mode="nearest")
            last_inner = inner_lateral + inner_top_down
            results.insert(0, self.layer_blocks[idx](last_inner))

        if self.extra_blocks is not None:
            results, names = self.extra_blocks(results, names)

        # make it back an OrderedDict
        out = OrderedDict([(k, v) for k, v in zip(names, results)])

        return out


class BackboneWithFPN(nn.Module):
    def __init__(self, backbone, return_layers, in_channels_list, out_channels):
        super().__init__()
        self.body = IntermediateLayerGetter(backbone, return_layers=return_layers)
        self.fpn = FeaturePyramidNetwork(
            in_channels_list=in_channels_list,
            out_channels=out_channels,
            extra_blocks=LastLevelMaxPool(),
        )
        self.out_channels = out_channels

    def forward(self, x):
        x = self.body(x)
        x = self.fpn(x)
        return x


# shapelint: input=(1, 3, 225, 193)
def resnet18_fpn_backbone():
    backbone = torchvision.models.resnet18()
    return_layers = {"layer1": "0", "layer2": "1", "layer3": "2", "layer4": "3"}
    in_channels_stage2 = backbone.inplanes // 8
    in_channels_list = [in_channels_stage2 * 2 ** (i - 1) for i in range(1, 5)]
    return BackboneWithFPN(backbone, return_layers, in_channels_list, 64)


class SemanticFPNHead(nn.Module):
    def __init__(self, in_channels=64, conv_dims=32, num_classes=19, strides=(4, 8, 16, 32)):
        super().__init__()
        self.scale_heads = nn.ModuleList()
        for stride in strides:
            head_ops = []
            head_length = max(1, len(bin(stride)) - len(bin(4)))
            for k in range(head_length):
                head_ops.append(nn.Conv2d(in_channels if k == 0 else conv_dims, conv_dims, 3, padding=1, bias=False))
                head_ops.append(nn.GroupNorm(8, conv_dims))
                head_ops.append(nn.ReLU(inplace=True))
                if stride != 4:
                    head_ops.append(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False))
            self.scale_heads.append(nn.Sequential(*head_ops))
        self.predictor = nn.Conv2d(conv_dims, num_classes, kernel_size=1)

    def forward(self, features):
        for i, f in enumerate(features):
            if i == 0:
                x = self.scale_heads[i](f)
            else:
                x = x + self.scale_heads[i](f)
        return self.predictor(x)


# shapelint: input=(2, 3, 256, 320)
class PanopticFPNSemSeg(nn.Module):
    def __init__(self, num_classes=19):
        super().__init__()
        self.backbone = resnet18_fpn_backbone()
        self.sem_seg_head = SemanticFPNHead(self.backbone.out_channels, 32, num_classes)

    def forward(self, images):
        features = self.backbone(images)
        feats = [features[k] for k in ["0", "1", "2", "3"]]
        x = self.sem_seg_head(feats)
        return F.interpolate(x, size=images.shape[-2:], mode="bilinear", align_corners=False)


class MaskRCNNHeads(nn.Sequential):
    def __init__(self, in_channels, layers, dilation):
        d = OrderedDict()
        next_feature = in_channels
        for layer_idx, layer_features in enumerate(layers, 1):
            d[f"mask_fcn{layer_idx}"] = nn.Conv2d(
                next_feature, layer_features, kernel_size=3, stride=1, padding=dilation, dilation=dilation
            )
            d[f"relu{layer_idx}"] = nn.ReLU(inplace=True)
            next_feature = layer_features
        super().__init__(d)


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


# shapelint: input=(16, 64, 14, 14)
class MaskBranch(nn.Module):
    """Mask branch applied to pooled RoI features (num_rois, C, 14, 14)."""

    def __init__(self, in_channels=64, num_classes=91):
        super().__init__()
        mask_layers = (64, 64, 64, 64)
        self.mask_head = MaskRCNNHeads(in_channels, mask_layers, 1)
        self.mask_predictor = MaskRCNNPredictor(mask_layers[-1], 64, num_classes)

    def forward(self, mask_features):
        x = self.mask_head(mask_features)
        mask_logits = self.mask_predictor(x)
        labels = torch.zeros(mask_logits.shape[0], dtype=torch.long)
        index = torch.arange(mask_logits.shape[0])
        return mask_logits[index, labels][:, None].sigmoid()
