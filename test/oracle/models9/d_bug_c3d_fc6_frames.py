"""BUG: a C3D-style clip classifier for 64x64 crops with BatchNorm3d after every conv, pool1 and pool5 keeping the time axis ((1, 2, 2)) and pool2..pool4 halving it, flattened with x.view(x.size(0), -1). fc6 was sized for the 16-frame clips the model was first trained on (16 -> 8 -> 4 -> 2 frames after pool2..pool4, so 128 * 2 * 2 * 2 = 1024 features), but the data loader now delivers clip_len = 8 frames, which leave a single frame after pool4: the flattened vector has 128 * 1 * 2 * 2 = 512 features and fc6 (in_features 1024) raises."""
import torch
import torch.nn as nn


def conv_bn_relu(in_planes, out_planes):
    return nn.Sequential(
        nn.Conv3d(in_planes, out_planes, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm3d(out_planes),
        nn.ReLU(inplace=True),
    )


class C3DBN(nn.Module):
    def __init__(self, num_classes=51, clip_len=16, crop_size=64):
        super(C3DBN, self).__init__()
        self.conv1 = conv_bn_relu(3, 16)
        self.pool1 = nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))

        self.conv2 = conv_bn_relu(16, 32)
        self.pool2 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2))

        self.conv3 = nn.Sequential(conv_bn_relu(32, 64), conv_bn_relu(64, 64))
        self.pool3 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2))

        self.conv4 = nn.Sequential(conv_bn_relu(64, 128), conv_bn_relu(128, 128))
        self.pool4 = nn.MaxPool3d(kernel_size=(2, 2, 2), stride=(2, 2, 2))

        self.conv5 = nn.Sequential(conv_bn_relu(128, 128), conv_bn_relu(128, 128))
        self.pool5 = nn.MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2))

        # 16 frames -> 2 after pool2..pool4; 64 px -> 2 after pool1..pool5
        self.fc6 = nn.Linear(128 * 2 * 2 * 2, 512)
        self.fc7 = nn.Linear(512, 512)
        self.fc8 = nn.Linear(512, num_classes)
        self.dropout = nn.Dropout(p=0.5)
        self.relu = nn.ReLU()

    def forward(self, x):
        x = self.pool1(self.conv1(x))
        x = self.pool2(self.conv2(x))
        x = self.pool3(self.conv3(x))
        x = self.pool4(self.conv4(x))
        x = self.pool5(self.conv5(x))

        x = x.view(x.size(0), -1)
        x = self.dropout(self.relu(self.fc6(x)))
        x = self.dropout(self.relu(self.fc7(x)))
        return self.fc8(x)


# shapelint: input=(2, 3, 8, 64, 64)
def c3d_bn_hmdb51_clip8():
    # config: clip_len = 8, crop_size = 64
    return C3DBN(num_classes=51, clip_len=8, crop_size=64)
