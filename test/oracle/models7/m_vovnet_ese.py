"""VoVNet-V2 (Lee & Park, CenterMask, CVPR 2020) in the layout of youngwanLEE/vovnet-detectron2 (vovnet/vovnet.py) with the classifier of stigma0617/VoVNet.pytorch: conv3x3/conv1x1 helpers returning lists of ("{module_name}_{postfix}/conv", ...) pairs fed to nn.Sequential(OrderedDict(...)), Hsigmoid via F.relu6(x + 3.) / 6., the effective SE module (one full-width 1x1 conv on the pooled map, no reduction), _OSA_module concatenating the input and every 3x3 layer output (in_ch + layer_per_block * stage_ch channels) into a 1x1 aggregation conv with an identity add for all but the first module of a stage, _OSA_stage as an nn.Sequential that adds a MaxPool2d(3, 2, ceil_mode=True) except in stage 2, and a specs dictionary; widths of V-19-slim-eSE and V-39-eSE scaled down."""
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F


VoVNet19_slim_eSE = {
    'stem': [16, 16, 32],
    'stage_conv_ch': [32, 40, 48, 56],
    'stage_out_ch': [56, 128, 192, 256],
    'layer_per_block': 3,
    'block_per_stage': [1, 1, 1, 1],
    'eSE': True,
}

VoVNet39_eSE = {
    'stem': [16, 16, 32],
    'stage_conv_ch': [32, 40, 48, 56],
    'stage_out_ch': [64, 128, 192, 256],
    'layer_per_block': 5,
    'block_per_stage': [1, 1, 2, 2],
    'eSE': True,
}

_STAGE_SPECS = {
    'V-19-slim-eSE': VoVNet19_slim_eSE,
    'V-39-eSE': VoVNet39_eSE,
}


def conv3x3(in_channels, out_channels, module_name, postfix,
            stride=1, groups=1, kernel_size=3, padding=1):
    """3x3 convolution with padding"""
    return [
        (f"{module_name}_{postfix}/conv",
         nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, stride=stride,
                   padding=padding, groups=groups, bias=False)),
        (f"{module_name}_{postfix}/norm", nn.BatchNorm2d(out_channels)),
        (f"{module_name}_{postfix}/relu", nn.ReLU(inplace=True)),
    ]


def conv1x1(in_channels, out_channels, module_name, postfix,
            stride=1, groups=1, kernel_size=1, padding=0):
    """1x1 convolution with padding"""
    return [
        (f"{module_name}_{postfix}/conv",
         nn.Conv2d(in_channels, out_channels, kernel_size=kernel_size, stride=stride,
                   padding=padding, groups=groups, bias=False)),
        (f"{module_name}_{postfix}/norm", nn.BatchNorm2d(out_channels)),
        (f"{module_name}_{postfix}/relu", nn.ReLU(inplace=True)),
    ]


class Hsigmoid(nn.Module):
    def __init__(self, inplace=True):
        super(Hsigmoid, self).__init__()
        self.inplace = inplace

    def forward(self, x):
        return F.relu6(x + 3.0, inplace=self.inplace) / 6.0


class eSEModule(nn.Module):
    def __init__(self, channel, reduction=4):
        super(eSEModule, self).__init__()
        self.avg_pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Conv2d(channel, channel, kernel_size=1, padding=0)
        self.hsigmoid = Hsigmoid()

    def forward(self, x):
        input = x
        x = self.avg_pool(x)
        x = self.fc(x)
        x = self.hsigmoid(x)
        return input * x


class _OSA_module(nn.Module):

    def __init__(self, in_ch, stage_ch, concat_ch, layer_per_block, module_name,
                 SE=False, identity=False):

        super(_OSA_module, self).__init__()

        self.identity = identity
        self.layers = nn.ModuleList()
        in_channel = in_ch
        for i in range(layer_per_block):
            self.layers.append(nn.Sequential(OrderedDict(conv3x3(in_channel, stage_ch, module_name, i))))
            in_channel = stage_ch

        # feature aggregation
        in_channel = in_ch + layer_per_block * stage_ch
        self.concat = nn.Sequential(OrderedDict(conv1x1(in_channel, concat_ch, module_name, "concat")))

        self.ese = eSEModule(concat_ch) if SE else nn.Identity()

    def forward(self, x):

        identity_feat = x

        output = []
        output.append(x)
        for layer in self.layers:
            x = layer(x)
            output.append(x)

        x = torch.cat(output, dim=1)
        xt = self.concat(x)

        xt = self.ese(xt)

        if self.identity:
            xt = xt + identity_feat

        return xt


class _OSA_stage(nn.Sequential):

    def __init__(self, in_ch, stage_ch, concat_ch, block_per_stage, layer_per_block,
                 stage_num, SE=False):

        super(_OSA_stage, self).__init__()

        if not stage_num == 2:
            self.add_module("Pooling", nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True))

        module_name = f"OSA{stage_num}_1"
        self.add_module(module_name, _OSA_module(in_ch, stage_ch, concat_ch, layer_per_block,
                                                 module_name, SE))
        for i in range(block_per_stage - 1):
            module_name = f"OSA{stage_num}_{i + 2}"
            self.add_module(
                module_name,
                _OSA_module(concat_ch, stage_ch, concat_ch, layer_per_block, module_name, SE,
                            identity=True),
            )


class VoVNet(nn.Module):

    def __init__(self, spec_name, input_ch=3, num_classes=1000):
        """
        Args:
            spec_name (str): key of _STAGE_SPECS
        """
        super(VoVNet, self).__init__()

        stage_specs = _STAGE_SPECS[spec_name]

        stem_ch = stage_specs["stem"]
        config_stage_ch = stage_specs["stage_conv_ch"]
        config_concat_ch = stage_specs["stage_out_ch"]
        block_per_stage = stage_specs["block_per_stage"]
        layer_per_block = stage_specs["layer_per_block"]
        SE = stage_specs["eSE"]

        # Stem module
        stem = conv3x3(input_ch, stem_ch[0], "stem", "1", 2)
        stem += conv3x3(stem_ch[0], stem_ch[1], "stem", "2", 1)
        stem += conv3x3(stem_ch[1], stem_ch[2], "stem", "3", 2)
        self.add_module("stem", nn.Sequential((OrderedDict(stem))))
        current_stirde = 4
        self._out_feature_strides = {"stem": current_stirde, "stage2": current_stirde}
        self._out_feature_channels = {"stem": stem_ch[2]}

        stem_out_ch = [stem_ch[2]]
        in_ch_list = stem_out_ch + config_concat_ch[:-1]
        # OSA stages
        self.stage_names = []
        for i in range(4):  # num_stages
            name = "stage%d" % (i + 2)  # stage 2 ... stage 5
            self.stage_names.append(name)
            self.add_module(
                name,
                _OSA_stage(
                    in_ch_list[i],
                    config_stage_ch[i],
                    config_concat_ch[i],
                    block_per_stage[i],
                    layer_per_block,
                    i + 2,
                    SE,
                ),
            )

            self._out_feature_channels[name] = config_concat_ch[i]
            if not i == 0:
                self._out_feature_strides[name] = current_stirde = int(current_stirde * 2)

        self.classifier = nn.Linear(config_concat_ch[-1], num_classes)

        # initialize weights
        self._initialize_weights()

    def _initialize_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)

    def forward(self, x):
        x = self.stem(x)
        for name in self.stage_names:
            x = getattr(self, name)(x)
        x = F.adaptive_avg_pool2d(x, (1, 1)).view(x.size(0), -1)
        x = self.classifier(x)
        return x


# shapelint: input=(2, 3, 64, 64)
def vovnet19_slim_ese():
    return VoVNet('V-19-slim-eSE', num_classes=10)


# shapelint: input=(2, 3, 80, 112)
def vovnet39_ese():
    return VoVNet('V-39-eSE', num_classes=10)
