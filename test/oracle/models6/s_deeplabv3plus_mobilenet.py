"""DeepLabV3+ in the layout of jfzhang95/pytorch-deeplab-xception (modeling/aspp.py, decoder.py, deeplab.py) on a torchvision mobilenet_v2().features backbone split into low-level (stride 4, 24 channels) and high-level (stride 32, 320 channels) parts: _ASPPModule branches with dilations 1/6/12/18, a global_avg_pool branch re-interpolated with F.interpolate(size=x4.size()[2:]), a Decoder that reduces the low-level features to 48 channels and fuses them, and a final bilinear upsample to the input size of an odd-sized image."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models import mobilenet_v2


class MobileNetV2Backbone(nn.Module):
    def __init__(self):
        super(MobileNetV2Backbone, self).__init__()
        features = mobilenet_v2().features
        self.low_level_features = features[0:4]
        self.high_level_features = features[4:-1]

    def forward(self, x):
        low_level_feat = self.low_level_features(x)
        x = self.high_level_features(low_level_feat)
        return x, low_level_feat


class _ASPPModule(nn.Module):
    def __init__(self, inplanes, planes, kernel_size, padding, dilation, BatchNorm):
        super(_ASPPModule, self).__init__()
        self.atrous_conv = nn.Conv2d(inplanes, planes, kernel_size=kernel_size,
                                     stride=1, padding=padding, dilation=dilation, bias=False)
        self.bn = BatchNorm(planes)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.atrous_conv(x)
        x = self.bn(x)

        return self.relu(x)


class ASPP(nn.Module):
    def __init__(self, inplanes, output_stride, BatchNorm, planes=64):
        super(ASPP, self).__init__()
        if output_stride == 16:
            dilations = [1, 6, 12, 18]
        elif output_stride == 8:
            dilations = [1, 12, 24, 36]
        else:
            raise NotImplementedError

        self.aspp1 = _ASPPModule(inplanes, planes, 1, padding=0, dilation=dilations[0], BatchNorm=BatchNorm)
        self.aspp2 = _ASPPModule(inplanes, planes, 3, padding=dilations[1], dilation=dilations[1], BatchNorm=BatchNorm)
        self.aspp3 = _ASPPModule(inplanes, planes, 3, padding=dilations[2], dilation=dilations[2], BatchNorm=BatchNorm)
        self.aspp4 = _ASPPModule(inplanes, planes, 3, padding=dilations[3], dilation=dilations[3], BatchNorm=BatchNorm)

        self.global_avg_pool = nn.Sequential(nn.AdaptiveAvgPool2d((1, 1)),
                                             nn.Conv2d(inplanes, planes, 1, stride=1, bias=False),
                                             BatchNorm(planes),
                                             nn.ReLU())
        self.conv1 = nn.Conv2d(planes * 5, planes, 1, bias=False)
        self.bn1 = BatchNorm(planes)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        x1 = self.aspp1(x)
        x2 = self.aspp2(x)
        x3 = self.aspp3(x)
        x4 = self.aspp4(x)
        x5 = self.global_avg_pool(x)
        x5 = F.interpolate(x5, size=x4.size()[2:], mode='bilinear', align_corners=True)
        x = torch.cat((x1, x2, x3, x4, x5), dim=1)

        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)

        return self.dropout(x)


class Decoder(nn.Module):
    def __init__(self, num_classes, low_level_inplanes, BatchNorm, planes=64):
        super(Decoder, self).__init__()
        self.conv1 = nn.Conv2d(low_level_inplanes, 48, 1, bias=False)
        self.bn1 = BatchNorm(48)
        self.relu = nn.ReLU()
        self.last_conv = nn.Sequential(nn.Conv2d(planes + 48, planes, kernel_size=3, stride=1, padding=1, bias=False),
                                       BatchNorm(planes),
                                       nn.ReLU(),
                                       nn.Dropout(0.5),
                                       nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False),
                                       BatchNorm(planes),
                                       nn.ReLU(),
                                       nn.Dropout(0.1),
                                       nn.Conv2d(planes, num_classes, kernel_size=1, stride=1))

    def forward(self, x, low_level_feat):
        low_level_feat = self.conv1(low_level_feat)
        low_level_feat = self.bn1(low_level_feat)
        low_level_feat = self.relu(low_level_feat)

        x = F.interpolate(x, size=low_level_feat.size()[2:], mode='bilinear', align_corners=True)
        x = torch.cat((x, low_level_feat), dim=1)
        x = self.last_conv(x)

        return x


# shapelint: input=(2, 3, 129, 97)
class DeepLab(nn.Module):
    def __init__(self, output_stride=16, num_classes=21):
        super(DeepLab, self).__init__()
        BatchNorm = nn.BatchNorm2d

        self.backbone = MobileNetV2Backbone()
        self.aspp = ASPP(320, output_stride, BatchNorm)
        self.decoder = Decoder(num_classes, 24, BatchNorm)

    def forward(self, input):
        x, low_level_feat = self.backbone(input)
        x = self.aspp(x)
        x = self.decoder(x, low_level_feat)
        x = F.interpolate(x, size=input.size()[2:], mode='bilinear', align_corners=True)

        return x
