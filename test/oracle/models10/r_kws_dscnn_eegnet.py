"""Small-footprint signal models as research repos write them: DS-CNN keyword spotting (ARM
ML-Zoo style, model_settings dict, layer config list of tuples, global average pooling via
F.avg_pool2d(x, x.shape[2:])), EEGNet (braindecode/EEGNet-pytorch style: temporal conv,
depthwise spatial conv with groups, separable conv, the classifier's in_features found by a
dummy forward through the feature extractor in __init__ under torch.no_grad)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def prepare_model_settings(label_count=12, sample_rate=16000, clip_duration_ms=1000, window_size_ms=40,
                           window_stride_ms=20, dct_coefficient_count=10):
    desired_samples = int(sample_rate * clip_duration_ms / 1000)
    window_size_samples = int(sample_rate * window_size_ms / 1000)
    window_stride_samples = int(sample_rate * window_stride_ms / 1000)
    length_minus_window = desired_samples - window_size_samples
    spectrogram_length = 0 if length_minus_window < 0 else 1 + int(length_minus_window / window_stride_samples)
    return {
        'desired_samples': desired_samples,
        'spectrogram_length': spectrogram_length,
        'dct_coefficient_count': dct_coefficient_count,
        'fingerprint_size': dct_coefficient_count * spectrogram_length,
        'label_count': label_count,
    }


DS_CNN_S = [
    # (filters, kernel, stride)
    (64, (10, 4), (2, 2)),
    (64, (3, 3), (1, 1)),
    (64, (3, 3), (1, 1)),
    (64, (3, 3), (1, 1)),
    (64, (3, 3), (1, 1)),
]


class DepthwiseSeparable(nn.Sequential):
    def __init__(self, in_ch, out_ch, kernel, stride):
        pad = tuple(k // 2 for k in kernel)
        super().__init__(
            nn.Conv2d(in_ch, in_ch, kernel, stride, pad, groups=in_ch, bias=False),
            nn.BatchNorm2d(in_ch), nn.ReLU(inplace=True),
            nn.Conv2d(in_ch, out_ch, 1, bias=False),
            nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True),
        )


# shapelint: input=(2, 490)
class DSCNN(nn.Module):
    def __init__(self, model_settings=None, config=DS_CNN_S, dropout=0.2):
        super().__init__()
        self.settings = model_settings or prepare_model_settings()
        self.input_time = self.settings['spectrogram_length']
        self.input_freq = self.settings['dct_coefficient_count']
        first_filters, first_kernel, first_stride = config[0]
        self.conv1 = nn.Conv2d(1, first_filters, first_kernel, first_stride,
                               padding=(first_kernel[0] // 2 - 1, first_kernel[1] // 2 - 1), bias=False)
        self.bn1 = nn.BatchNorm2d(first_filters)
        blocks = []
        in_ch = first_filters
        for filters, kernel, stride in config[1:]:
            blocks.append(DepthwiseSeparable(in_ch, filters, kernel, stride))
            in_ch = filters
        self.blocks = nn.Sequential(*blocks)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(in_ch, self.settings['label_count'])

    def forward(self, fingerprint):
        x = fingerprint.view(-1, 1, self.input_time, self.input_freq)
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.dropout(x)
        x = self.blocks(x)
        x = F.avg_pool2d(x, x.shape[2:])
        x = torch.flatten(x, 1)
        return self.fc(x)


class EEGNetFeatures(nn.Module):
    def __init__(self, chans, F1=8, D=2, F2=16, kern_length=32, dropout=0.25):
        super().__init__()
        self.block1 = nn.Sequential(
            nn.Conv2d(1, F1, (1, kern_length), padding=(0, kern_length // 2), bias=False),
            nn.BatchNorm2d(F1),
            nn.Conv2d(F1, F1 * D, (chans, 1), groups=F1, bias=False),
            nn.BatchNorm2d(F1 * D),
            nn.ELU(),
            nn.AvgPool2d((1, 4)),
            nn.Dropout(dropout),
        )
        self.block2 = nn.Sequential(
            nn.Conv2d(F1 * D, F1 * D, (1, 16), padding=(0, 8), groups=F1 * D, bias=False),
            nn.Conv2d(F1 * D, F2, 1, bias=False),
            nn.BatchNorm2d(F2),
            nn.ELU(),
            nn.AvgPool2d((1, 8)),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        return self.block2(self.block1(x))


# shapelint: input=(2, 1, 22, 250)
class EEGNet(nn.Module):
    def __init__(self, n_classes=4, chans=22, samples=250):
        super().__init__()
        self.features = EEGNetFeatures(chans)
        with torch.no_grad():
            dummy = torch.zeros(1, 1, chans, samples)
            n_flat = self.features(dummy).view(1, -1).shape[1]
        self.classifier = nn.Linear(n_flat, n_classes)

    def forward(self, x):
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return F.log_softmax(self.classifier(x), dim=1)


# shapelint: input=(2, 22, 250)
class ShallowConvNet(nn.Module):
    """braindecode ShallowFBCSPNet: input (batch, chans, time) unsqueezed, square then log-pool."""

    def __init__(self, in_chans=22, n_classes=4, input_window_samples=250, n_filters_time=20,
                 filter_time_length=25, pool_time_length=75, pool_time_stride=15):
        super().__init__()
        self.conv_time = nn.Conv2d(1, n_filters_time, (filter_time_length, 1))
        self.conv_spat = nn.Conv2d(n_filters_time, n_filters_time, (1, in_chans), bias=False)
        self.bnorm = nn.BatchNorm2d(n_filters_time, momentum=0.1)
        self.pool = nn.AvgPool2d((pool_time_length, 1), (pool_time_stride, 1))
        self.drop = nn.Dropout(0.5)
        out_time = (input_window_samples - filter_time_length + 1 - pool_time_length) // pool_time_stride + 1
        self.conv_classifier = nn.Conv2d(n_filters_time, n_classes, (out_time, 1), bias=True)

    def forward(self, x):
        x = x.unsqueeze(-1).permute(0, 3, 2, 1)
        x = self.conv_time(x)
        x = self.conv_spat(x)
        x = self.bnorm(x)
        x = x * x
        x = self.pool(x)
        x = torch.log(torch.clamp(x, min=1e-6))
        x = self.drop(x)
        x = self.conv_classifier(x)
        x = F.log_softmax(x, dim=1)
        return x.squeeze(3).squeeze(2)
