"""1-D CNNs for ECG classification. ECGKachuee reproduces Kachuee et al. (2018) for MIT-BIH heartbeats (1 x 187 samples) as GitHub notebooks write it: five residual units (conv - relu - conv, + skip, relu, MaxPool1d(5, stride=2)) and a flatten into 32 * 2 features. ResNet1d is a 12-lead, 10-second ECG classifier in the style of PTB-XL baseline repositories: a wide stem Conv1d(kernel 15, stride 2), basic blocks with 1x1 strided downsample shortcuts, AdaptiveAvgPool1d(1) and a multi-label Linear head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualUnit(nn.Module):
    def __init__(self, channels=32, kernel_size=5):
        super().__init__()
        self.conv1 = nn.Conv1d(channels, channels, kernel_size, padding=kernel_size // 2)
        self.conv2 = nn.Conv1d(channels, channels, kernel_size, padding=kernel_size // 2)
        self.pool = nn.MaxPool1d(kernel_size=5, stride=2)

    def forward(self, x):
        out = F.relu(self.conv1(x))
        out = self.conv2(out)
        out = F.relu(out + x)
        return self.pool(out)


# shapelint: input=(2, 1, 187)
class ECGKachuee(nn.Module):
    def __init__(self, n_classes=5):
        super().__init__()
        self.conv = nn.Conv1d(1, 32, kernel_size=5, padding=2)
        self.blocks = nn.Sequential(*[ResidualUnit(32) for _ in range(5)])
        self.fc1 = nn.Linear(32 * 2, 32)
        self.fc2 = nn.Linear(32, 32)
        self.fc3 = nn.Linear(32, n_classes)

    def forward(self, x):
        x = self.conv(x)
        x = self.blocks(x)          # 187 -> 92 -> 44 -> 20 -> 8 -> 2
        x = x.view(-1, 32 * 2)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class BasicBlock1d(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, kernel_size=7):
        super(BasicBlock1d, self).__init__()
        self.conv1 = nn.Conv1d(inplanes, planes, kernel_size=kernel_size, stride=stride,
                               padding=(kernel_size - 1) // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv1d(planes, planes, kernel_size=kernel_size, padding=(kernel_size - 1) // 2, bias=False)
        self.bn2 = nn.BatchNorm1d(planes)
        self.downsample = downsample
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.dropout(out)
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


# shapelint: input=(2, 12, 1000)
class ResNet1d(nn.Module):
    def __init__(self, block=BasicBlock1d, layers=(2, 2, 2, 2), input_channels=12, inplanes=64, num_classes=71):
        super(ResNet1d, self).__init__()
        self.inplanes = inplanes
        self.conv1 = nn.Conv1d(input_channels, self.inplanes, kernel_size=15, stride=2, padding=7, bias=False)
        self.bn1 = nn.BatchNorm1d(inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool1d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)
        self.adaptiveavgpool = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(512 * block.expansion, num_classes)

    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                nn.Conv1d(self.inplanes, planes * block.expansion, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm1d(planes * block.expansion),
            )
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.adaptiveavgpool(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)
